#include "protocol/duplicatekeys.h"

#include <simdjson.h>

#include <string_view>
#include <unordered_set>

namespace sy::protocol {
namespace {

namespace dom = simdjson::dom;

QString joined(const QString &path, std::string_view key)
{
    const QString name = QString::fromUtf8(key.data(), qsizetype(key.size()));
    return path.isEmpty() ? name : path + QLatin1Char('.') + name;
}

// simdjson keeps an object's fields as written, repeats included.
bool findDuplicate(dom::element element, const QString &path, QString *found)
{
    if (element.is_object()) {
        std::unordered_set<std::string_view> keys;
        for (dom::key_value_pair field : dom::object(element)) {
            if (!keys.insert(field.key).second) {
                *found = joined(path, field.key);
                return true;
            }
            if (findDuplicate(field.value, joined(path, field.key), found))
                return true;
        }
    } else if (element.is_array()) {
        qsizetype index = 0;
        for (dom::element item : dom::array(element)) {
            if (findDuplicate(item, QStringLiteral("%1[%2]").arg(path).arg(index++), found))
                return true;
        }
    }
    return false;
}

} // namespace

QString duplicateKeyPath(const QByteArray &json)
{
    dom::parser parser;
    dom::element root;
    if (parser.parse(json.constData(), std::size_t(json.size())).get(root) != simdjson::SUCCESS)
        return {};
    QString found;
    findDuplicate(root, {}, &found);
    return found;
}

} // namespace sy::protocol
