// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/value_codec.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace phaselab {
namespace {

template <class Word>
Word swapBytes(Word word)
{
    Word result = 0;
    for (std::size_t i = 0; i < sizeof(Word); ++i) {
        result = static_cast<Word>((result << 8) | (word & 0xFF));
        word = static_cast<Word>(word >> 8);
    }
    return result;
}

// Reads one scalar of type T stored in `order` at p.
template <class T, class Word>
T load(const unsigned char* p, bool swap)
{
    static_assert(sizeof(T) == sizeof(Word));
    Word word;
    std::memcpy(&word, p, sizeof(Word));
    if (swap)
        word = swapBytes(word);
    T value;
    std::memcpy(&value, &word, sizeof(T));
    return value;
}

template <class T, class Word>
void store(T value, unsigned char* p, bool swap)
{
    static_assert(sizeof(T) == sizeof(Word));
    Word word;
    std::memcpy(&word, &value, sizeof(T));
    if (swap)
        word = swapBytes(word);
    std::memcpy(p, &word, sizeof(Word));
}

// Reads scalar number `index` (a complex value counts two scalars).
double loadScalar(const unsigned char* data, std::size_t index, DType dtype, bool swap)
{
    switch (dtype) {
    case DType::Int16: return load<std::int16_t, std::uint16_t>(data + 2 * index, swap);
    case DType::Int32: return load<std::int32_t, std::uint32_t>(data + 4 * index, swap);
    case DType::Float32:
    case DType::Complex64: return load<float, std::uint32_t>(data + 4 * index, swap);
    case DType::Float64:
    case DType::Complex128: return load<double, std::uint64_t>(data + 8 * index, swap);
    }
    return 0.0;
}

template <class Int>
Int roundSaturated(double value)
{
    if (std::isnan(value))
        return 0;
    const double rounded = std::nearbyint(value);
    if (rounded <= static_cast<double>(std::numeric_limits<Int>::min()))
        return std::numeric_limits<Int>::min();
    if (rounded >= static_cast<double>(std::numeric_limits<Int>::max()))
        return std::numeric_limits<Int>::max();
    return static_cast<Int>(rounded);
}

void storeScalar(double value, unsigned char* data, std::size_t index, DType dtype, bool swap)
{
    switch (dtype) {
    case DType::Int16: store<std::int16_t, std::uint16_t>(roundSaturated<std::int16_t>(value), data + 2 * index, swap); break;
    case DType::Int32: store<std::int32_t, std::uint32_t>(roundSaturated<std::int32_t>(value), data + 4 * index, swap); break;
    case DType::Float32:
    case DType::Complex64: store<float, std::uint32_t>(static_cast<float>(value), data + 4 * index, swap); break;
    case DType::Float64:
    case DType::Complex128: store<double, std::uint64_t>(value, data + 8 * index, swap); break;
    }
}

} // namespace

void decodeRealValues(const unsigned char* data, std::size_t count, DType dtype, ByteOrder order, double* out)
{
    const bool swap = order != nativeByteOrder();
    const std::size_t stride = isComplex(dtype) ? 2 : 1;
    for (std::size_t i = 0; i < count; ++i)
        out[i] = loadScalar(data, i * stride, dtype, swap);
}

void decodeComplexValues(const unsigned char* data, std::size_t count, DType dtype, ByteOrder order,
                         std::complex<double>* out)
{
    const bool swap = order != nativeByteOrder();
    if (!isComplex(dtype)) {
        for (std::size_t i = 0; i < count; ++i)
            out[i] = {loadScalar(data, i, dtype, swap), 0.0};
        return;
    }
    for (std::size_t i = 0; i < count; ++i)
        out[i] = {loadScalar(data, 2 * i, dtype, swap), loadScalar(data, 2 * i + 1, dtype, swap)};
}

void encodeRealValues(const double* values, std::size_t count, DType dtype, ByteOrder order, unsigned char* out)
{
    const bool swap = order != nativeByteOrder();
    if (isComplex(dtype)) {
        for (std::size_t i = 0; i < count; ++i) {
            storeScalar(values[i], out, 2 * i, dtype, swap);
            storeScalar(0.0, out, 2 * i + 1, dtype, swap);
        }
        return;
    }
    for (std::size_t i = 0; i < count; ++i)
        storeScalar(values[i], out, i, dtype, swap);
}

void encodeComplexValues(const std::complex<double>* values, std::size_t count, DType dtype, ByteOrder order,
                         unsigned char* out)
{
    const bool swap = order != nativeByteOrder();
    if (!isComplex(dtype)) {
        for (std::size_t i = 0; i < count; ++i)
            storeScalar(values[i].real(), out, i, dtype, swap);
        return;
    }
    for (std::size_t i = 0; i < count; ++i) {
        storeScalar(values[i].real(), out, 2 * i, dtype, swap);
        storeScalar(values[i].imag(), out, 2 * i + 1, dtype, swap);
    }
}

} // namespace phaselab
