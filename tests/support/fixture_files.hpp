// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers for tests that read the committed fixtures (tests/fixtures): JSON and little-endian
// float32 binaries written by the fixture scripts.
#pragma once

#include <nlohmann/json.hpp>

#include <complex>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace phaselab::testing {

inline std::string fixturePath(const std::string& relative)
{
    return std::string(PHASELAB_FIXTURES) + "/" + relative;
}

inline nlohmann::json readJsonFixture(const std::string& relative)
{
    std::ifstream in(fixturePath(relative));
    if (!in)
        throw std::runtime_error("missing fixture " + relative);
    return nlohmann::json::parse(in);
}

/// Reads a file of little-endian float32 values (this project targets little-endian machines).
inline std::vector<float> readFloat32Fixture(const std::string& relative)
{
    std::ifstream in(fixturePath(relative), std::ios::binary);
    if (!in)
        throw std::runtime_error("missing fixture " + relative);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> values(bytes.size() / sizeof(float));
    std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
    return values;
}

} // namespace phaselab::testing
