#include "protocol/jsonsplice.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::protocol {

void appendJsonString(QByteArray &out, QByteArrayView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(kHex[c >> 4]);
                out.append(kHex[c & 0xf]);
            } else {
                out.append(ch);
            }
        }
    }
    out.append('"');
}

QByteArray jsonString(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    appendJsonString(out, text);
    return out;
}

QByteArray rawJson(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray applySplice(const QByteArray &body, const Splice &splice)
{
    const bool replacing = splice.replaceOffset >= 0;
    if (!replacing && splice.insert.empty())
        return body;
    QByteArray out;
    qsizetype extra = replacing ? splice.replacement.size() : 0;
    for (const auto &[key, value] : splice.insert)
        extra += key.size() + value.size() + 4;
    out.reserve(body.size() + extra + 64); // + padding for a later simdjson pass
    qsizetype at = 0;
    if (!splice.insert.empty() && splice.objectOpen >= 0) {
        out.append(body.constData(), splice.objectOpen + 1);
        at = splice.objectOpen + 1;
        // A comma after each added field is right unless the object was empty: "{}".
        qsizetype next = at;
        while (next < body.size() && (body[next] == ' ' || body[next] == '\n' || body[next] == '\r' || body[next] == '\t'))
            ++next;
        const bool emptyObject = next < body.size() && body[next] == '}';
        for (std::size_t i = 0; i < splice.insert.size(); ++i) {
            appendJsonString(out, splice.insert[i].first);
            out.append(':');
            out.append(splice.insert[i].second);
            if (!emptyObject || i + 1 < splice.insert.size())
                out.append(',');
        }
    }
    if (replacing) {
        out.append(body.constData() + at, splice.replaceOffset - at);
        out.append(splice.replacement);
        at = splice.replaceOffset + splice.replaceLength;
    }
    out.append(body.constData() + at, body.size() - at);
    return out;
}

} // namespace sy::protocol
