// The translation unit that compiles the engine tests' precompiled header (tests/CMakeLists.txt).
