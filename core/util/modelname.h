#pragma once
// What a model's name may be, wherever it comes from: a request, the config, a node's feed.

#include <QString>
#include <algorithm>

namespace sy {

// Requests bound a model name to this; a configured or mirrored name longer than it could
// never be asked for.
inline constexpr qsizetype kMaxModelNameBytes = 256;

// Spaces, control or format characters (bidi overrides, zero-width): a name holding one does
// not show as itself in lists, logs and terminals.
inline bool hasInvisibleCharacters(QStringView name)
{
    return std::any_of(name.begin(), name.end(), [](QChar c) {
        const QChar::Category category = c.category();
        return category == QChar::Other_Control || category == QChar::Other_Format || c.isSpace();
    });
}

} // namespace sy
