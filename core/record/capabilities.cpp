#include "record/capabilities.h"

namespace sy::record {

unsigned capabilitiesFromNames(const QStringList &names)
{
    unsigned caps = 0;
    for (const QString &n : names) {
        if (n == QLatin1String("tools")) caps |= CapTools;
        else if (n == QLatin1String("vision")) caps |= CapVision;
        else if (n == QLatin1String("json")) caps |= CapJson;
        else if (n == QLatin1String("embeddings")) caps |= CapEmbeddings;
        else if (n == QLatin1String("reasoning")) caps |= CapReasoning;
        else if (n == QLatin1String("rerank")) caps |= CapRerank;
    }
    return caps;
}

QStringList capabilityNames(unsigned caps)
{
    QStringList names;
    if (caps & CapTools) names << QStringLiteral("tools");
    if (caps & CapVision) names << QStringLiteral("vision");
    if (caps & CapJson) names << QStringLiteral("json");
    if (caps & CapEmbeddings) names << QStringLiteral("embeddings");
    if (caps & CapReasoning) names << QStringLiteral("reasoning");
    if (caps & CapRerank) names << QStringLiteral("rerank");
    return names;
}

} // namespace sy::record
