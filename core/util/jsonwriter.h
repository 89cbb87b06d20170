#pragma once
// Writes compact JSON straight into a byte buffer: for records written many times a second
// (feed events, request records), where building a QJsonObject first would cost more than
// the rest of the work. The caller keeps the structure right; commas are placed here.
// The buffer is a std::string: appending a byte is inline there, not a call.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <cstdint>
#include <string>

namespace sy::json {

class Writer {
public:
    explicit Writer(std::string &out) : m_out(out) {}

    Writer &beginObject() { separate(); m_out += '{'; m_first = true; return *this; }
    Writer &endObject() { m_out += '}'; m_first = false; return *this; }
    Writer &beginArray() { separate(); m_out += '['; m_first = true; return *this; }
    Writer &endArray() { m_out += ']'; m_first = false; return *this; }
    // A member name; the value follows with one of the calls below.
    Writer &key(QByteArrayView name);

    Writer &string(QByteArrayView utf8);
    Writer &string(const QByteArray &utf8) { return string(QByteArrayView(utf8)); }
    Writer &string(const char *utf8) { return string(QByteArrayView(utf8)); }
    Writer &string(const QString &text) { return string(QByteArrayView(text.toUtf8())); }
    Writer &number(double value);
    Writer &integer(std::int64_t value);
    Writer &boolean(bool value) { separate(); m_out += value ? "true" : "false"; return *this; }
    Writer &null() { separate(); m_out += "null"; return *this; }
    // Valid JSON text, inserted as it is.
    Writer &raw(QByteArrayView json) { separate(); m_out.append(json.data(), std::size_t(json.size())); return *this; }

    // Shorthands for a member: key then value; a null for "absent" values.
    Writer &field(QByteArrayView name, QByteArrayView utf8) { return key(name).string(utf8); }
    Writer &fieldOrNull(QByteArrayView name, QByteArrayView utf8) { return utf8.isEmpty() ? key(name).null() : key(name).string(utf8); }

private:
    void separate()
    {
        if (m_afterKey)
            m_afterKey = false;
        else if (!m_first)
            m_out += ',';
        m_first = false;
    }

    std::string &m_out;
    bool m_first = true;
    bool m_afterKey = false;
};

// `text` as a JSON string literal, quotes included (UTF-8 in, UTF-8 out; control
// characters, quotes and backslashes escaped; invalid UTF-8 replaced by U+FFFD).
void appendString(std::string &out, QByteArrayView utf8);

inline QByteArrayView view(const std::string &s) { return QByteArrayView(s.data(), qsizetype(s.size())); }

} // namespace sy::json
