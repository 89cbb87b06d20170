#pragma once
// The common llama-server options of a launch command as fields: the model file (-m),
// the context size (-c) and the GPU layers (-ngl). Reading finds an option under any of
// its spellings; writing replaces its value in place, appends it, or removes it. Pure.

#include <QStringList>

namespace sy::ui::launch {

struct Option {
    QStringList names; // the first is written when the option is added
};
inline const Option kModelFile{{QStringLiteral("-m"), QStringLiteral("--model")}};
inline const Option kContextSize{{QStringLiteral("-c"), QStringLiteral("--ctx-size")}};
inline const Option kGpuLayers{{QStringLiteral("-ngl"), QStringLiteral("--n-gpu-layers"), QStringLiteral("--gpu-layers")}};

// Its value, or a null string when the command does not give it.
QString value(const QStringList &argv, const Option &option);
// The command with the option set to `value`; an empty `value` removes it.
QStringList withValue(QStringList argv, const Option &option, const QString &value);
// Whether the program is llama-server (any path), whose options these are.
bool isLlamaServer(const QStringList &argv);

} // namespace sy::ui::launch
