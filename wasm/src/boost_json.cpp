// Boost.JSON's compiled part, built once into the typed library (header-only use, one TU).
#include <boost/json/src.hpp>
