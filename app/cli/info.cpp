// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli info FILE` (CLI.md): what the file is. Audio (anything libsndfile opens): sample
// rate, channels, length, format. .npy: dtype, shape, order. .csv/.tsv/.txt: delimiter and shape;
// .mat: its variables. Anything else: its size and the ways it splits into a matrix, per dtype.
// --json prints the same as one JSON object.
#include "app/cli/commands.hpp"
#include "app/cli/memory_checks.hpp"
#include "app/cli/stft_options.hpp"
#include "app/cli/flag_words.hpp"
#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/csv.hpp"
#include "core/io/mat.hpp"
#include "core/io/npy.hpp"
#include "core/io/raw.hpp"
#include "core/io/spectrogram_io.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

namespace phaselab::cli {
namespace {

struct InfoValues {
    std::string path;
    bool json = false;
};

// Extensions whose files must be audio: libsndfile refusing them is an error, not "raw bytes".
bool looksLikeAudio(const std::string& path)
{
    static const std::set<std::string> kAudio = {".wav", ".wave", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif",
                                                 ".aiff", ".aifc", ".au", ".snd", ".caf", ".w64", ".rf64", ".voc"};
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return kAudio.count(extension) > 0;
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + (shape.size() == 1 ? ",)" : ")");
}

// "513" -> " (= 1024/2+1)" when a side is a one-sided bin count of a power-of-two n_fft.
std::string binHint(std::int64_t side)
{
    const std::int64_t n = side - 1;
    if (n >= 16 && (n & (n - 1)) == 0)
        return " [" + std::to_string(side) + " = " + std::to_string(2 * n) + "/2+1]";
    return {};
}

void printAudio(const std::string& path, const AudioInfo& info, bool json)
{
    if (json) {
        nlohmann::json out = {{"file", path},         {"type", "audio"},         {"format", info.formatName},
                              {"encoding", info.encodingName}, {"sample_rate", info.sampleRate},
                              {"channels", info.channels},      {"frames", info.frames}, {"seconds", info.seconds()}};
        std::cout << out.dump(2) << "\n";
        return;
    }
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "%.3f", info.seconds());
    std::cout << path << ": audio\n"
              << "  format:      " << info.formatName << ", " << info.encodingName << "\n"
              << "  sample rate: " << info.sampleRate << " Hz\n"
              << "  channels:    " << info.channels << "\n"
              << "  length:      " << info.frames << " samples (" << seconds << " s)\n";
}

void printNpy(const std::string& path, const NpyHeader& header, bool json)
{
    if (json) {
        nlohmann::json out = {{"file", path},
                              {"type", "npy"},
                              {"version", header.version},
                              {"dtype", dtypeName(header.dtype)},
                              {"descr", header.descr},
                              {"byte_order", byteOrderName(header.byteOrder)},
                              {"shape", header.shape},
                              {"fortran_order", header.fortranOrder},
                              {"header_bytes", header.headerBytes},
                              {"file_bytes", header.fileBytes}};
        std::cout << out.dump(2) << "\n";
        return;
    }
    std::cout << path << ": NumPy .npy (format version " << header.version << ")\n"
              << "  dtype:  " << dtypeName(header.dtype) << " (" << header.descr << ", " << byteOrderName(header.byteOrder)
              << "-endian)\n"
              << "  shape:  " << shapeText(header.shape) << "\n"
              << "  order:  " << (header.fortranOrder ? "Fortran (column-major)" : "C (row-major)") << "\n"
              << "  size:   " << header.fileBytes << " bytes (" << header.headerBytes << "-byte header)\n";
    if (header.shape.size() == 2)
        std::cout << "  as a spectrogram: " << header.shape[0] << " bins x " << header.shape[1]
                  << " frames (bins_by_frames)" << binHint(header.shape[0]) << ", or " << header.shape[1] << " bins x "
                  << header.shape[0] << " frames (frames_by_bins)" << binHint(header.shape[1]) << "\n";
}

void printRaw(const std::string& path, std::int64_t size, bool json)
{
    const auto factorisations = rawFactorisations(size);
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& entry : factorisations) {
            nlohmann::json shapes = nlohmann::json::array();
            for (const auto& [rows, columns] : entry.shapes)
                shapes.push_back({rows, columns});
            list.push_back({{"dtype", dtypeName(entry.dtype)}, {"values", entry.values}, {"shapes", shapes}});
        }
        std::cout << nlohmann::json({{"file", path}, {"type", "raw"}, {"file_bytes", size}, {"factorisations", list}}).dump(2)
                  << "\n";
        return;
    }
    std::cout << path << ": not audio libsndfile reads, not .npy: raw bytes\n"
              << "  size: " << size << " bytes\n";
    if (size == 0) {
        std::cout << "  (empty)\n";
        return;
    }
    std::cout << "  as a matrix without header (rows x columns, either way round):\n";
    constexpr std::size_t kMaxShown = 24;
    for (const auto& entry : factorisations) {
        std::cout << "    " << dtypeName(entry.dtype) << ": ";
        if (entry.values == 0) {
            std::cout << "no (" << size << " is not a multiple of " << bytesPerValue(entry.dtype) << " bytes)\n";
            continue;
        }
        std::cout << entry.values << " values";
        if (entry.shapes.empty()) {
            std::cout << ", a prime count: only 1 x " << entry.values << "\n";
            continue;
        }
        std::cout << ":";
        // Likely spectrogram shapes (a side of n_fft/2+1 for a power-of-two n_fft) first.
        std::vector<std::pair<std::int64_t, std::int64_t>> shapes = entry.shapes;
        std::stable_partition(shapes.begin(), shapes.end(),
                              [](const auto& s) { return !binHint(s.first).empty() || !binHint(s.second).empty(); });
        for (std::size_t i = 0; i < shapes.size() && i < kMaxShown; ++i) {
            const auto [rows, columns] = shapes[i];
            std::cout << (i ? ", " : " ") << rows << " x " << columns << binHint(rows) << binHint(columns);
        }
        if (shapes.size() > kMaxShown)
            std::cout << " and " << shapes.size() - kMaxShown << " more";
        std::cout << "\n";
    }
}

void printCsv(const std::string& path, const CsvTable& table, bool json)
{
    if (json) {
        std::cout << nlohmann::json({{"file", path},
                                     {"type", "csv"},
                                     {"delimiter", table.shape.delimiterName()},
                                     {"rows", table.shape.rows},
                                     {"columns", table.shape.columns},
                                     {"skipped_lines", table.shape.skippedLines},
                                     {"file_bytes", fileSize(path)}})
                         .dump(2)
                  << "\n";
        return;
    }
    std::cout << path << ": numeric text table\n"
              << "  delimiter: " << table.shape.delimiterName() << "\n"
              << "  shape:     " << table.shape.rows << " rows x " << table.shape.columns << " columns"
              << binHint(table.shape.rows) << binHint(table.shape.columns) << "\n";
    if (table.shape.skippedLines)
        std::cout << "  skipped:   " << table.shape.skippedLines << " header/comment line(s)\n";
}

void printMat(const std::string& path, const std::vector<MatVariableInfo>& variables, bool json)
{
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& variable : variables)
            list.push_back({{"name", variable.name},
                            {"class", variable.className},
                            {"dims", variable.dims},
                            {"complex", variable.isComplex},
                            {"numeric", variable.isNumeric}});
        std::cout << nlohmann::json({{"file", path}, {"type", "mat"}, {"variables", list}}).dump(2) << "\n";
        return;
    }
    std::cout << path << ": MATLAB/Octave .mat file, " << variables.size() << " variable(s)\n";
    for (const auto& variable : variables) {
        std::string dims;
        for (std::size_t i = 0; i < variable.dims.size(); ++i)
            dims += (i ? " x " : "") + std::to_string(variable.dims[i]);
        std::cout << "  " << variable.name << ": " << variable.className << (variable.isComplex ? " complex" : "") << ", "
                  << dims << "\n";
    }
}

} // namespace

void registerInfo(CLI::App& app)
{
    auto values = std::make_shared<InfoValues>();
    auto* command = app.add_subcommand("info", "Describe a file: audio (rate, channels, length, format), .npy (dtype, "
                                               "shape, order) or raw bytes (size and matrix factorisations)");
    command->add_option("FILE", values->path, "the file to describe")->required();
    command->add_flag("--json", values->json, "print one JSON object instead of text");
    addMemoryLimitOption(*command);
    addFftBackendOption(*command);
    command->callback([values] {
        const std::string& path = values->path;
        requireReadableFile(path, "file");
        requireInfoMemory(path);
        const Container container = detectContainer(path, Container::Raw);
        if (container == Container::Npy) {
            printNpy(path, readNpyHeader(path), values->json);
            return;
        }
        if (container == Container::Csv) {
            // A .txt that is not a numeric table is still a file to describe: fall back to bytes.
            try {
                printCsv(path, readCsv(path), values->json);
                return;
            } catch (const InputError& error) {
                if (!values->json)
                    std::cout << "(not a numeric table: " << inFlagWords(error.what()) << ")\n";
            }
            printRaw(path, fileSize(path), values->json);
            return;
        }
        if (container == Container::Mat) {
            printMat(path, listMatVariables(path), values->json);
            return;
        }
        try {
            printAudio(path, readAudioInfo(path), values->json);
            return;
        } catch (const InputError&) {
            if (looksLikeAudio(path))
                throw;
        }
        printRaw(path, fileSize(path), values->json);
    });
}

} // namespace phaselab::cli
