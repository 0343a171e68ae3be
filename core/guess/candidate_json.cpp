// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/candidate_json.hpp"

#include <cmath>

namespace phaselab {

namespace {

nlohmann::ordered_json windowJson(const WindowSpec& window)
{
    nlohmann::ordered_json json;
    json["name"] = window.name();
    const bool formless = window.type == WindowType::Rect || window.type == WindowType::Sine;
    json["periodic"] = formless ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(window.periodic);
    json["parameter"] = window.hasParameter() ? nlohmann::ordered_json(window.parameter) : nlohmann::ordered_json(nullptr);
    return json;
}

nlohmann::ordered_json storageJson(const StorageSpec& spec)
{
    nlohmann::ordered_json json;
    json["container"] = containerName(spec.container);
    json["dtype"] = dtypeName(spec.dtype);
    const bool textual = spec.container == Container::Csv || spec.container == Container::Mat;
    json["byte_order"] = textual ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(byteOrderName(spec.byteOrder));
    json["layout"] = layoutName(spec.layout);
    json["header_bytes"] = spec.headerBytes;
    return json;
}

} // namespace

nlohmann::ordered_json candidateJson(const Candidate& candidate)
{
    const Framing& framing = candidate.framing;
    nlohmann::ordered_json json;
    json["rank"] = candidate.rank;
    json["score"] = std::round(candidate.score * 10000.0) / 10000.0;
    json["storage"] = storageJson(candidate.storage);
    json["bins"] = candidate.bins;
    json["frames"] = candidate.frames;
    json["n_fft"] = framing.nFft;
    json["win_length"] = framing.winLength;
    json["hop"] = framing.hop;
    json["window"] = windowJson(framing.window);
    json["centered"] = candidate.centered();
    json["onesided"] = candidate.onesided();
    json["magnitude_scale"] = candidate.mel ? melValueScaleName(candidate.melValueScale)
                                            : magnitudeScaleName(candidate.magnitudeScale);
    json["phase_unit"] = candidate.phaseUnit ? nlohmann::ordered_json(phaseUnitName(*candidate.phaseUnit)) : nlohmann::ordered_json(nullptr);
    if (framing.winOffset != (framing.nFft - framing.winLength) / 2)
        json["win_offset"] = framing.winOffset;
    // Findings (decided by the first frames where a phase is given): always present.
    json["pad"] = framing.pad;
    json["pad_mode"] = framing.pad > 0 ? nlohmann::ordered_json(framing.padMode == PadMode::Reflect ? "reflect" : "zeros")
                                       : nlohmann::ordered_json(nullptr);
    json["nyquist_dropped"] = candidate.nyquistDropped();
    if (candidate.magnitudeScale == MagnitudeScale::Db && candidate.dbFloor > -1e299)
        json["db_floor"] = candidate.dbFloor;
    if (candidate.magnitudeScale == MagnitudeScale::Db && candidate.dbPerUnit != 1.0)
        json["db_per_unit"] = candidate.dbPerUnit;
    if (candidate.hasPhaseFile) {
        json["phase_storage"] = storageJson(candidate.phaseStorage);
        if (candidate.phaseScale != 1.0)
            json["phase_scale"] = candidate.phaseScale;
    }
    if (candidate.mel) {
        const MelSpec& mel = *candidate.mel;
        json["mel"] = {{"n_mels", mel.nMels}, {"fmin", mel.fmin}, {"fmax", mel.fmax},
                       {"mel_scale", melScaleName(mel.scale)},
                       {"norm", mel.norm == MelNorm::Slaney ? nlohmann::ordered_json("slaney") : nlohmann::ordered_json(nullptr)},
                       {"power", mel.power}, {"sample_rate", candidate.sampleRate}};
    }
    json["fft_scale"] = candidate.fftScale;
    json["fft_scale_convention"] = candidate.fftScaleConvention;
    if (!std::isnan(candidate.consistencyDb))
        json["consistency_db"] = std::round(candidate.consistencyDb * 10.0) / 10.0;
    json["evidence"] = candidate.evidence;
    return json;
}

nlohmann::ordered_json guessJson(const GuessResult& result)
{
    nlohmann::ordered_json json;
    json["candidates"] = nlohmann::ordered_json::array();
    for (const auto& candidate : result.candidates)
        json["candidates"].push_back(candidateJson(candidate));
    // Extras beyond CLI.md's list.
    json["verdict"] = result.verdict;
    json["ambiguous"] = result.ambiguities;
    return json;
}

} // namespace phaselab
