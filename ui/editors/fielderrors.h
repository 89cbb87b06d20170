#pragma once
// Shows the core's validation problems next to the fields they name: each editor
// registers its fields under config paths ("fallback.maxAttempts", "agents.Coder"); a
// problem goes to the field with the longest matching path, the rest to a general list.

#include "editors/configdocument.h"

#include <QList>
#include <QPointer>
#include <QString>
#include <vector>

class QLabel;
class QWidget;

namespace sy::ui {

class FieldErrors {
public:
    explicit FieldErrors(QLabel *general) : m_general(general) {}

    // `label` shows the message (it is hidden while there is none).
    void add(const QString &path, QWidget *field, QLabel *label);
    void clearFields();
    void show(const QList<ConfigIssue> &issues);
    void clear() { show({}); }
    // Issues that belong under one of these section keys.
    static QList<ConfigIssue> forSections(const QList<ConfigIssue> &issues, const QStringList &sections);

private:
    struct Field {
        QString path;
        QPointer<QWidget> widget;
        QPointer<QLabel> label;
    };
    std::vector<Field> m_fields;
    QLabel *m_general;
};

// An error label for a field: red, wrapping, hidden until there is a message.
QLabel *errorLabel(QWidget *parent);

} // namespace sy::ui
