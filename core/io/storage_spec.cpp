// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/storage_spec.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <bit>
#include <cctype>

namespace phaselab {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

} // namespace

std::string containerName(Container container)
{
    switch (container) {
    case Container::Raw: return "raw";
    case Container::Npy: return "npy";
    case Container::Csv: return "csv";
    case Container::Mat: return "mat";
    }
    return "raw";
}

Container parseContainer(const std::string& text)
{
    const std::string t = lower(text);
    if (t == "raw" || t == "bin")
        return Container::Raw;
    if (t == "npy")
        return Container::Npy;
    if (t == "csv" || t == "tsv" || t == "txt" || t == "text")
        return Container::Csv;
    if (t == "mat")
        return Container::Mat;
    throw InputError("unknown container '" + text + "': use raw, npy, csv or mat");
}

std::string dtypeName(DType dtype)
{
    switch (dtype) {
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Complex64: return "complex64";
    case DType::Complex128: return "complex128";
    }
    return "float32";
}

DType parseDType(const std::string& text)
{
    std::string t = lower(text);
    if (!t.empty() && (t[0] == '<' || t[0] == '>' || t[0] == '=' || t[0] == '|'))
        t.erase(0, 1);
    if (t == "int16" || t == "i2" || t == "short")
        return DType::Int16;
    if (t == "int32" || t == "i4" || t == "int")
        return DType::Int32;
    if (t == "float32" || t == "f4" || t == "float" || t == "single")
        return DType::Float32;
    if (t == "float64" || t == "f8" || t == "double")
        return DType::Float64;
    if (t == "complex64" || t == "c8")
        return DType::Complex64;
    if (t == "complex128" || t == "c16" || t == "complex")
        return DType::Complex128;
    throw InputError("unknown dtype '" + text + "': use int16, int32, float32, float64, complex64 or complex128");
}

int bytesPerValue(DType dtype)
{
    switch (dtype) {
    case DType::Int16: return 2;
    case DType::Int32: return 4;
    case DType::Float32: return 4;
    case DType::Float64: return 8;
    case DType::Complex64: return 8;
    case DType::Complex128: return 16;
    }
    return 4;
}

bool isComplex(DType dtype)
{
    return dtype == DType::Complex64 || dtype == DType::Complex128;
}

bool isInteger(DType dtype)
{
    return dtype == DType::Int16 || dtype == DType::Int32;
}

const std::vector<DType>& allDTypes()
{
    static const std::vector<DType> all = {DType::Int16,   DType::Int32,     DType::Float32,
                                           DType::Float64, DType::Complex64, DType::Complex128};
    return all;
}

std::string byteOrderName(ByteOrder order)
{
    return order == ByteOrder::Little ? "little" : "big";
}

ByteOrder parseByteOrder(const std::string& text)
{
    const std::string t = lower(text);
    if (t == "little" || t == "le" || t == "<" || t == "little-endian")
        return ByteOrder::Little;
    if (t == "big" || t == "be" || t == ">" || t == "big-endian")
        return ByteOrder::Big;
    throw InputError("unknown byte order '" + text + "': use little or big");
}

ByteOrder nativeByteOrder()
{
    return std::endian::native == std::endian::big ? ByteOrder::Big : ByteOrder::Little;
}

std::string layoutName(MatrixLayout layout)
{
    return layout == MatrixLayout::BinsByFrames ? "bins_by_frames" : "frames_by_bins";
}

MatrixLayout parseLayout(const std::string& text)
{
    std::string t = lower(text);
    std::replace(t.begin(), t.end(), '-', '_');
    if (t == "bins_by_frames" || t == "bins_x_frames")
        return MatrixLayout::BinsByFrames;
    if (t == "frames_by_bins" || t == "frames_x_bins")
        return MatrixLayout::FramesByBins;
    throw InputError("unknown layout '" + text + "': use bins_by_frames or frames_by_bins");
}

std::string magnitudeScaleName(MagnitudeScale scale)
{
    switch (scale) {
    case MagnitudeScale::Linear: return "linear";
    case MagnitudeScale::Power: return "power";
    case MagnitudeScale::Db: return "db";
    }
    return "linear";
}

MagnitudeScale parseMagnitudeScale(const std::string& text)
{
    const std::string t = lower(text);
    if (t == "linear" || t == "magnitude" || t == "amplitude")
        return MagnitudeScale::Linear;
    if (t == "power")
        return MagnitudeScale::Power;
    if (t == "db" || t == "decibel" || t == "decibels")
        return MagnitudeScale::Db;
    throw InputError("unknown magnitude scale '" + text + "': use linear, power or db");
}

std::string phaseUnitName(PhaseUnit unit)
{
    return unit == PhaseUnit::Radians ? "rad" : "deg";
}

PhaseUnit parsePhaseUnit(const std::string& text)
{
    const std::string t = lower(text);
    if (t == "rad" || t == "radians" || t == "radian")
        return PhaseUnit::Radians;
    if (t == "deg" || t == "degrees" || t == "degree")
        return PhaseUnit::Degrees;
    throw InputError("unknown phase unit '" + text + "': use rad or deg");
}

std::string StorageSpec::describe() const
{
    // Built by appending only: GCC 12 warns (-Wrestrict, a false positive) on "literal" + string.
    std::string text = containerName(container);
    text += ' ';
    text += dtypeName(dtype);
    if (container != Container::Csv) {
        text += ' ';
        text += byteOrderName(byteOrder);
        text += "-endian";
    }
    text += ' ';
    text += layoutName(layout);
    text += ' ';
    text += bins > 0 ? std::to_string(bins) : std::string("?");
    text += " bins x ";
    text += frames > 0 ? std::to_string(frames) : std::string("?");
    text += " frames";
    if (headerBytes) {
        text += ", header ";
        text += std::to_string(headerBytes);
        text += " bytes";
    }
    if (quantScale != 1.0) {
        text += ", scale ";
        text += std::to_string(quantScale);
    }
    return text;
}

} // namespace phaselab
