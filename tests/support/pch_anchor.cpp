// SPDX-License-Identifier: GPL-3.0-or-later
// The translation unit that compiles the engine tests' precompiled header (tests/CMakeLists.txt).
