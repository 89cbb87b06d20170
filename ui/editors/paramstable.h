#pragma once
// Inference parameters as a small two-column table (name, value). Values are read as JSON
// when they parse (0.2, true, ["\n"]) and as text otherwise, so "temperature 0.2" is a
// number and "stop END" a string.

#include <QJsonObject>
#include <QWidget>

class QTableWidget;

namespace sy::ui {

class ParamsTable : public QWidget {
    Q_OBJECT
public:
    explicit ParamsTable(QWidget *parent = nullptr);

    void setParams(const QJsonObject &params);
    QJsonObject params() const;
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed(const QJsonObject &params);

private:
    void addRow(const QString &name, const QString &value);

    QTableWidget *m_table;
    bool m_filling = false;
};

// "0.2" -> 0.2, "true" -> true, "hello" -> "hello".
QJsonValue parseParamValue(const QString &text);

} // namespace sy::ui
