#include "editors/paramstable.h"

#include "widgets/tracetree.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sy::ui {

QJsonValue parseParamValue(const QString &text)
{
    const QString trimmed = text.trimmed();
    QJsonParseError error{};
    // Wrapped in an array, so scalars parse too.
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + trimmed.toUtf8() + QByteArray("]"), &error);
    if (error.error == QJsonParseError::NoError && doc.array().size() == 1)
        return doc.array().first();
    return trimmed;
}

ParamsTable::ParamsTable(QWidget *parent) : QWidget(parent), m_table(new QTableWidget(0, 2, this))
{
    m_table->setHorizontalHeaderLabels({tr("Parameter"), tr("Value")});
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move between cells
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(90);
    auto *add = new QPushButton(tr("Add parameter"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        addRow(QString(), QString());
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            m_table->removeRow(m_table->currentRow());
            Q_EMIT changed(params());
        }
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT changed(params());
    });
}

void ParamsTable::addRow(const QString &name, const QString &value)
{
    const bool filling = m_filling;
    m_filling = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    m_filling = filling;
}

void ParamsTable::setParams(const QJsonObject &params)
{
    if (params == this->params())
        return;
    m_filling = true;
    m_table->setRowCount(0);
    for (auto it = params.begin(); it != params.end(); ++it)
        addRow(it.key(), it.value().isString() ? it.value().toString() : jsonText(it.value()));
    m_filling = false;
}

QJsonObject ParamsTable::params() const
{
    QJsonObject out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (!name.isEmpty())
            out.insert(name, parseParamValue(m_table->item(row, 1) ? m_table->item(row, 1)->text() : QString()));
    }
    return out;
}

} // namespace sy::ui
