#pragma once
// The features the task classifier reads from a prompt: words, word pairs, character
// trigrams of words, a few shape buckets (length, lines, digits) and one shared feature
// per name of a programming technology (techterms.txt), each hashed into a fixed number
// of buckets. The trainer (tools/taskclassifier) mirrors this code, so the
// shipped weights always mean what the router computes.

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <vector>

namespace sy::routing {

inline constexpr int kFeatureBits = 16;
inline constexpr std::uint32_t kFeatureBuckets = 1u << kFeatureBits;

struct TaskFeature {
    std::uint32_t bucket;
    // Where a word or word-pair feature is in the lower-cased text, to explain a decision;
    // length 0 for trigram and shape features.
    std::uint16_t begin = 0;
    std::uint16_t length = 0;
};

// Replaces `out` with the features of `text` (at most 64 KiB is read; the router passes a
// prompt excerpt of about 2 KiB) and `lowered` with the ASCII-lower-cased text the spans
// point into. Both are out-parameters so a caller can reuse their storage.
void taskFeatures(QByteArrayView text, std::vector<TaskFeature> &out, QByteArray &lowered);

// Identifies the feature set beyond its code: a hash (FNV-1a) of the technology names in
// use, sorted and joined by newlines. The model file carries the one it was trained with,
// so weights trained on another list are refused rather than silently misread.
std::uint32_t taskFeatureSetId();

} // namespace sy::routing
