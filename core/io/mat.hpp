// SPDX-License-Identifier: GPL-3.0-or-later
// MATLAB/Octave .mat files (level 5 and, where matio was built with HDF5, v7.3) through matio:
// list the variables, read one numeric 2-D matrix (or N-D with singleton dimensions) as double.
// Layout: values row-major in MATLAB's row/column sense (value(row, column) =
// values[row * columns + column]); a spectrogram from specgram/stft is rows = bins there.
// Sizes are checked (dimension product, against a cap) before reading; compressed variables
// are limited to 2^27 values so a small file cannot make us allocate gigabytes.
#pragma once

#include <complex>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace phaselab {

struct MatVariableInfo {
    std::string name;
    std::vector<std::int64_t> dims; ///< MATLAB's dimensions (rows, columns, ...)
    std::string className;          ///< "double", "single", "int16", ... or "struct", "cell", "char"
    bool isComplex = false;
    bool isNumeric = false;

    std::int64_t valueCount() const;
    /// rows and columns after dropping singleton dimensions; {0, 0} when not a matrix.
    std::pair<std::int64_t, std::int64_t> matrixShape() const;
};

struct MatMatrix {
    MatVariableInfo info;
    int rows = 0;
    int columns = 0;
    std::vector<double> real;                ///< real variables
    std::vector<std::complex<double>> complex; ///< complex variables
};

/// True for a level-5 MAT header ("MATLAB 5.0 MAT-file") or an HDF5 signature at byte 512.
bool looksLikeMatFile(std::span<const unsigned char> prefix);

/// Every variable's header. InputError when matio cannot open the file.
std::vector<MatVariableInfo> listMatVariables(const std::string& path);
/// Reads one variable; an empty name picks the largest numeric matrix. InputError for a missing,
/// non-numeric or non-matrix variable (the message lists what the file holds).
MatMatrix readMatMatrix(const std::string& path, const std::string& name = {});

} // namespace phaselab
