#include "views/requestsview.h"

#include "client/corelink.h"
#include "models/requesttablemodel.h"
#include "widgets/tracetree.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace sy::ui {

RequestsView::RequestsView(CoreLink *link, RequestTableModel *requests, QWidget *parent)
    : QWidget(parent), m_link(link), m_requests(requests), m_table(new QTableView(this)), m_summary(new QLabel(this)),
      m_attempts(makeDetailTree({tr("Model"), tr("Backend"), tr("Outcome"), tr("Trigger"), tr("Status"), tr("Latency"), tr("Error")}, this)),
      m_trace(makeDetailTree({tr("Step"), tr("Model"), tr("Detail")}, this))
{
    m_table->setModel(requests);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            showRecord(m_requests->record(current.row()));
    });

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(new QLabel(tr("<b>Attempts</b>"), detail));
    detailLayout->addWidget(m_attempts, 1);
    detailLayout->addWidget(new QLabel(tr("<b>Why this model (explain trace)</b>"), detail));
    detailLayout->addWidget(m_trace, 2);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    m_summary->setText(tr("Select a request to see how it was routed."));
}

void RequestsView::selectRow(int row)
{
    m_table->selectRow(row);
}

void RequestsView::showRecord(const QJsonObject &record)
{
    const auto fill = [this](const QJsonObject &r) {
        m_summary->setText(tr("<b>%1</b> · %2 %3 · asked for <b>%4</b>, served by <b>%5</b> (route %6) · status %7 · %8 ms")
                               .arg(r.value(QLatin1String("id")).toString(), r.value(QLatin1String("inbound")).toString(),
                                    r.value(QLatin1String("endpoint")).toString(), r.value(QLatin1String("requested")).toString().toHtmlEscaped(),
                                    r.value(QLatin1String("model")).isString() ? r.value(QLatin1String("model")).toString().toHtmlEscaped() : tr("nothing"),
                                    r.value(QLatin1String("route")).toString())
                               .arg(r.value(QLatin1String("status")).toInt())
                               .arg(qRound(r.value(QLatin1String("latencyMs")).toDouble())) +
                           (r.value(QLatin1String("error")).isString() ? QStringLiteral("<br>") + r.value(QLatin1String("error")).toString().toHtmlEscaped() : QString()));
        m_attempts->clear();
        for (const QJsonValue &v : r.value(QLatin1String("attempts")).toArray()) {
            const QJsonObject a = v.toObject();
            auto *item = new QTreeWidgetItem(m_attempts, {jsonText(a.value(QLatin1String("model"))), jsonText(a.value(QLatin1String("backend"))),
                                                          jsonText(a.value(QLatin1String("outcome"))), jsonText(a.value(QLatin1String("trigger"))),
                                                          jsonText(a.value(QLatin1String("status"))),
                                                          QStringLiteral("%1 ms").arg(qRound(a.value(QLatin1String("latencyMs")).toDouble())),
                                                          jsonText(a.value(QLatin1String("error")))});
            if (a.contains(QLatin1String("params")))
                item->setToolTip(0, tr("params added: %1").arg(jsonText(a.value(QLatin1String("params")))));
        }
        const QJsonObject trace = r.value(QLatin1String("trace")).toObject();
        fillTrace(m_trace, trace);
        if (trace.isEmpty())
            new QTreeWidgetItem(m_trace, {tr("(the trace is kept in the history; it is off or still being written)")});
    };
    fill(record);
    // The history has the trace; the live event does not.
    const QString id = record.value(QLatin1String("id")).toString();
    m_link->get(QStringLiteral("/api/v1/requests/") + QString::fromLatin1(QUrl::toPercentEncoding(id)), [this, id, fill](const RestReply &r) {
        const QModelIndex current = m_table->currentIndex();
        if (r.ok() && current.isValid() && m_requests->record(current.row()).value(QLatin1String("id")).toString() == id)
            fill(r.body);
    });
}

} // namespace sy::ui
