#pragma once
// An ordered list of HTTP header fields with case-insensitive lookup. Names and values
// live back to back in a byte buffer held inline, with an inline index, so a list of
// ordinary size never allocates (a proxied request builds five header lists; a heap
// buffer cost an allocation and a free each). Moving a list moves its bytes: views into
// it are valid until the list is modified or moved.

#include "http/wirewriter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QVarLengthArray>
#include <initializer_list>
#include <utility>

namespace sy::http {

struct HeaderField {
    QByteArrayView name;  // valid until the list is modified or moved
    QByteArrayView value;
};

class Headers {
public:
    Headers() = default;
    Headers(std::initializer_list<std::pair<QByteArrayView, QByteArrayView>> fields);

    void add(QByteArrayView name, QByteArrayView value);
    // Replaces every field of that name with one field.
    void set(QByteArrayView name, QByteArrayView value);
    void remove(QByteArrayView name);

    bool has(QByteArrayView name) const;
    // The first field of that name, or an empty array.
    QByteArray value(QByteArrayView name) const;
    // The same without a copy: valid until the list is modified or moved.
    QByteArrayView view(QByteArrayView name) const;
    // Whether a comma-separated field (Connection, Transfer-Encoding, ...) lists a token.
    bool hasToken(QByteArrayView name, QByteArrayView token) const;

    // "Name: value\r\n" for every field.
    void appendTo(QByteArray &out) const;
    void writeTo(WireWriter &w) const; // needs wireSize() bytes of room
    // How many bytes appendTo() writes.
    qsizetype wireSize() const;

    bool isEmpty() const { return m_index.isEmpty(); }
    qsizetype size() const { return m_index.size(); }
    HeaderField at(qsizetype i) const;

    class const_iterator {
    public:
        const_iterator(const Headers *headers, qsizetype i) : m_headers(headers), m_i(i) {}
        HeaderField operator*() const { return m_headers->at(m_i); }
        const_iterator &operator++() { ++m_i; return *this; }
        bool operator!=(const const_iterator &other) const { return m_i != other.m_i; }
    private:
        const Headers *m_headers;
        qsizetype m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_index.size()}; }

private:
    struct Entry {
        qsizetype at;   // name starts here in m_bytes; the value follows it
        int nameSize;
        int valueSize;
    };
    qsizetype find(QByteArrayView name) const;

    // Qt 6.4's QVarLengthArray move-assignment leaks the target's heap buffer when both
    // are on the heap: lists are moved into new or empty ones only.
    QVarLengthArray<char, 512> m_bytes;
    QVarLengthArray<Entry, 16> m_index;
};

// Equal but for the case of ASCII letters (header names and tokens are ASCII). Inline, and
// not QByteArrayView::compare (which folds Latin-1 through a call per byte): header lists
// run it dozens of times per request, and most names differ in size.
inline bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    const auto lower = [](char c) { return char(c + (static_cast<unsigned char>(c - 'A') < 26 ? 'a' - 'A' : 0)); };
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// Connection-level fields a proxy must not forward (RFC 9110 section 7.6.1).
bool isHopByHop(QByteArrayView name);

} // namespace sy::http
