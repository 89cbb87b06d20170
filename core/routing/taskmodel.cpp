#include "routing/taskmodel.h"

#include "routing/taskfeatures.h"

#include <QFile>
#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace sy::routing {
namespace {

constexpr int kExplained = 3;
// 2: the features include technology names, and the header says which (taskFeatureSetId).
constexpr quint32 kModelVersion = 2;

float readFloat(const char *p)
{
    const quint32 bits = qFromLittleEndian<quint32>(p);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

} // namespace

std::optional<TaskModel> TaskModel::fromBytes(const QByteArray &data)
{
    // "SYTC", version, feature bits, types, feature set, bias[types], scale[types]
    constexpr qsizetype kHeader = 4 + 4 * 4 + 2 * kTaskTypes * 4;
    if (data.size() != kHeader + qsizetype(kFeatureBuckets) * kTaskTypes || !data.startsWith("SYTC"))
        return std::nullopt;
    const char *p = data.constData() + 4;
    if (qFromLittleEndian<quint32>(p) != kModelVersion || qFromLittleEndian<quint32>(p + 4) != quint32(kFeatureBits) ||
        qFromLittleEndian<quint32>(p + 8) != quint32(kTaskTypes) || qFromLittleEndian<quint32>(p + 12) != taskFeatureSetId())
        return std::nullopt;
    p += 16;
    TaskModel m;
    for (int t = 0; t < kTaskTypes; ++t) {
        m.m_bias[std::size_t(t)] = readFloat(p + 4 * t);
        m.m_scale[std::size_t(t)] = readFloat(p + 4 * (kTaskTypes + t));
    }
    p += 2 * kTaskTypes * 4;
    m.m_weights.assign(reinterpret_cast<const qint8 *>(p), reinterpret_cast<const qint8 *>(data.constEnd()));
    return m;
}

const TaskModel &TaskModel::builtin()
{
    static const TaskModel model = [] {
        QFile file(QStringLiteral(":/routing/taskmodel.bin"));
        std::optional<TaskModel> m = file.open(QIODevice::ReadOnly) ? fromBytes(file.readAll()) : std::nullopt;
        if (!m)
            qCritical("task classifier: the built-in model is missing or was trained for other features "
                      "(techterms.txt changed without retraining); auto detects nothing");
        Q_ASSERT(m);
        return m ? std::move(*m) : TaskModel();
    }();
    return model;
}

TaskScores TaskModel::classify(QByteArrayView prompt, bool explain) const
{
    thread_local std::vector<TaskFeature> features;
    thread_local QByteArray lowered;
    TaskScores out;
    if (m_weights.empty()) {
        out.score[std::size_t(TaskType::Conversational)] = 1;
        return out;
    }
    taskFeatures(prompt, features, lowered);
    // Integer sums per type, scaled once: the weights are int8 with a scale per type.
    // Five accumulators in registers: summing into an array in memory chains every add
    // through a store and a load, which made this loop the classifier's largest cost.
    static_assert(kTaskTypes == 5);
    qint32 s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (const TaskFeature &f : features) {
        const qint8 *w = m_weights.data() + std::size_t(f.bucket) * kTaskTypes;
        s0 += w[0];
        s1 += w[1];
        s2 += w[2];
        s3 += w[3];
        s4 += w[4];
    }
    const std::array<qint32, kTaskTypes> sums{s0, s1, s2, s3, s4};
    const double norm = features.empty() ? 0 : 1.0 / std::sqrt(double(features.size()));
    std::array<double, kTaskTypes> z{};
    std::size_t best = 0;
    for (std::size_t t = 0; t < z.size(); ++t) {
        z[t] = m_bias[t] + m_scale[t] * sums[t] * norm;
        if (z[t] > z[best]) // ties go to the earlier type: fixed, not run-dependent
            best = t;
    }
    double total = 0;
    for (std::size_t t = 0; t < z.size(); ++t)
        total += out.score[t] = std::exp(z[t] - z[best]);
    for (double &s : out.score)
        s /= total;
    out.primary = TaskType(best);
    out.confidence = out.score[best];
    if (!explain)
        return out;

    // A word's pull towards the primary type: its weight there over its mean weight.
    struct Pull {
        double value;
        const TaskFeature *feature;
    };
    std::array<Pull, kExplained> top{};
    for (const TaskFeature &f : features) {
        if (!f.length)
            continue;
        const qint8 *w = m_weights.data() + std::size_t(f.bucket) * kTaskTypes;
        const double mean = (double(m_scale[0]) * w[0] + double(m_scale[1]) * w[1] + double(m_scale[2]) * w[2] +
                             double(m_scale[3]) * w[3] + double(m_scale[4]) * w[4]) / kTaskTypes;
        const double pull = m_scale[best] * w[best] - mean;
        if (pull <= top.back().value)
            continue;
        const QByteArrayView text(lowered.constData() + f.begin, f.length);
        // A repeated text (a word again, or a word's technology-name feature) counts once,
        // with its largest pull.
        auto same = std::find_if(top.begin(), top.end(), [&](const Pull &p) {
            return p.feature && QByteArrayView(lowered.constData() + p.feature->begin, p.feature->length) == text;
        });
        if (same == top.end())
            same = top.end() - 1;
        else if (same->value >= pull)
            continue;
        *same = {pull, &f};
        std::sort(top.begin(), top.end(), [](const Pull &a, const Pull &b) { return a.value > b.value; });
    }
    for (const Pull &p : top) {
        if (!p.feature)
            break;
        if (!out.why.isEmpty())
            out.why += ", ";
        out.why += '"' + QByteArray(lowered.constData() + p.feature->begin, p.feature->length).simplified() + "\" +" +
                   QByteArray::number(p.value, 'f', 2);
    }
    return out;
}

} // namespace sy::routing
