#pragma once
// An ordered list of HTTP header fields with case-insensitive lookup.

#include <QByteArray>
#include <QByteArrayView>
#include <initializer_list>
#include <vector>

namespace sy::http {

struct Header {
    QByteArray name;
    QByteArray value;
};

class Headers {
public:
    Headers() = default;
    Headers(std::initializer_list<Header> fields) : m_fields(fields) {}

    void add(QByteArray name, QByteArray value);
    // Replaces every field of that name with one field.
    void set(QByteArray name, QByteArray value);
    void remove(QByteArrayView name);

    bool has(QByteArrayView name) const;
    // The first field of that name, or an empty array.
    QByteArray value(QByteArrayView name) const;
    // Whether a comma-separated field (Connection, Transfer-Encoding, ...) lists a token.
    bool hasToken(QByteArrayView name, QByteArrayView token) const;

    // "Name: value\r\n" for every field.
    void appendTo(QByteArray &out) const;

    bool isEmpty() const { return m_fields.empty(); }
    std::size_t size() const { return m_fields.size(); }
    auto begin() const { return m_fields.begin(); }
    auto end() const { return m_fields.end(); }

private:
    std::vector<Header> m_fields;
};

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b);

// Connection-level fields a proxy must not forward (RFC 9110 section 7.6.1).
bool isHopByHop(QByteArrayView name);

} // namespace sy::http
