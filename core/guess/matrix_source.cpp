// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/matrix_source.hpp"

#include "core/base/error.hpp"
#include "core/io/csv.hpp"
#include "core/io/mat.hpp"
#include "core/io/npy.hpp"
#include "core/io/raw.hpp"

#include <limits>

namespace phaselab {
namespace {

StoredGrid gridFromNpy(const std::string& path)
{
    NpyArray array = readNpy(path);
    StoredGrid grid;
    grid.dtype = array.header.dtype;
    grid.byteOrder = array.header.byteOrder;
    grid.headerBytes = array.header.headerBytes;
    std::vector<std::int64_t> shape;
    for (auto d : array.header.shape)
        if (d != 1)
            shape.push_back(d);
    bool pairs = false;
    if (!array.isComplex() && shape.size() == 3 && shape[2] == 2) {
        pairs = true;
        shape.pop_back();
    }
    if (shape.size() == 1)
        shape.insert(shape.begin(), 1);
    if (shape.size() != 2)
        throw InputError("'" + path + "' holds an array of shape " + array.header.describe() +
                         ": a spectrogram needs two dimensions (bins and frames)");
    if (shape[0] > std::numeric_limits<int>::max() || shape[1] > std::numeric_limits<int>::max())
        throw InputError("'" + path + "' is too large");
    grid.rows = static_cast<int>(shape[0]);
    grid.columns = static_cast<int>(shape[1]);
    const std::size_t count = static_cast<std::size_t>(shape[0] * shape[1]);
    grid.values.resize(count);
    if (array.isComplex()) {
        grid.complex = true;
        for (std::size_t i = 0; i < count; ++i)
            grid.values[i] = array.complex[i];
    } else if (pairs) {
        grid.complex = true;
        grid.dtype = array.header.dtype == DType::Float64 ? DType::Complex128 : DType::Complex64;
        for (std::size_t i = 0; i < count; ++i)
            grid.values[i] = {array.real[2 * i], array.real[2 * i + 1]};
    } else {
        for (std::size_t i = 0; i < count; ++i)
            grid.values[i] = array.real[i];
    }
    return grid;
}

StoredGrid gridFromCsv(const std::string& path)
{
    CsvTable table = readCsv(path);
    StoredGrid grid;
    grid.rows = table.shape.rows;
    grid.columns = table.shape.columns;
    grid.values.assign(table.values.begin(), table.values.end());
    return grid;
}

StoredGrid gridFromMat(const std::string& path)
{
    MatMatrix matrix = readMatMatrix(path);
    StoredGrid grid;
    grid.rows = matrix.rows;
    grid.columns = matrix.columns;
    grid.complex = !matrix.complex.empty();
    grid.dtype = matrix.info.className == "single" ? (grid.complex ? DType::Complex64 : DType::Float32)
                                                   : (grid.complex ? DType::Complex128 : DType::Float64);
    if (grid.complex)
        grid.values = std::move(matrix.complex);
    else
        grid.values.assign(matrix.real.begin(), matrix.real.end());
    return grid;
}

} // namespace

StoredGrid readStoredGrid(const std::string& path, Container container)
{
    switch (container) {
    case Container::Npy: return gridFromNpy(path);
    case Container::Csv: return gridFromCsv(path);
    case Container::Mat: return gridFromMat(path);
    case Container::Raw: break;
    }
    throw InputError("internal: readStoredGrid does not read raw files");
}

ComplexMatrix readStoredMatrix(const std::string& path, const StorageSpec& spec)
{
    if (spec.container == Container::Raw) {
        StorageSpec resolved = spec;
        return readRawComplex(path, resolved);
    }
    const StoredGrid grid = readStoredGrid(path, spec.container);
    const bool rowsAreBins = spec.layout == MatrixLayout::BinsByFrames;
    const int bins = rowsAreBins ? grid.rows : grid.columns;
    const int frames = rowsAreBins ? grid.columns : grid.rows;
    if ((spec.bins > 0 && spec.bins != bins) || (spec.frames > 0 && spec.frames != frames))
        throw InputError("'" + path + "' holds " + std::to_string(grid.rows) + " x " + std::to_string(grid.columns) +
                         " values, not " + std::to_string(spec.bins) + " bins x " + std::to_string(spec.frames) +
                         " frames");
    ComplexMatrix matrix(bins, frames);
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.columns; ++c) {
            const auto value = grid.values[static_cast<std::size_t>(r) * grid.columns + c] * spec.quantScale;
            const std::complex<float> stored(static_cast<float>(value.real()), static_cast<float>(value.imag()));
            if (rowsAreBins)
                matrix.at(c, r) = stored;
            else
                matrix.at(r, c) = stored;
        }
    return matrix;
}

} // namespace phaselab
