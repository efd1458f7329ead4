// Where eventsource-parser departs from the WHATWG rules, each with the fixture that shows the
// spec's answer (tests/fixtures) and a test that recognises the streams it affects.
export const knownDepartures = [];
