// Starts the demo's C++ program (demo/cpp/chat.cpp), which draws the "From C++" section itself.
import createDemoChat from '/cpp/demo-chat.js';

createDemoChat();
