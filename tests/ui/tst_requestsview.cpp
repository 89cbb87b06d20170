// The requests view as an operator uses it, offscreen: search, failed/succeeded only,
// sorting by a column's value, rows arriving without moving what is in view, and export of
// exactly the rows shown (CSV that a spreadsheet cannot mistake for formulas, or JSON Lines).

#include "client/corelink.h"
#include "models/requesttablemodel.h"
#include "views/requestsview.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sy::ui;

namespace {

QJsonObject request(int n, const QString &model, int status, double latencyMs, const QString &error = {})
{
    return {{QStringLiteral("id"), QStringLiteral("req_%1").arg(n)},
            {QStringLiteral("startedMs"), 1'795'291'133'000.0 + n * 1000},
            {QStringLiteral("client"), QStringLiteral("127.0.0.1")},
            {QStringLiteral("inbound"), QStringLiteral("openai")},
            {QStringLiteral("requested"), model},
            {QStringLiteral("model"), status < 400 ? QJsonValue(model) : QJsonValue::Null},
            {QStringLiteral("route"), QStringLiteral("model")},
            {QStringLiteral("attempts"), QJsonArray{}},
            {QStringLiteral("status"), status},
            {QStringLiteral("latencyMs"), latencyMs},
            {QStringLiteral("ttftMs"), QJsonValue::Null},
            {QStringLiteral("error"), error.isEmpty() ? QJsonValue::Null : QJsonValue(error)}};
}

} // namespace

class TstRequestsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void searchOutcomeAndSort()
    {
        CoreLink link;
        RequestTableModel requests;
        requests.setHistory({request(3, QStringLiteral("coder"), 200, 40), request(2, QStringLiteral("chat"), 502, 900, QStringLiteral("connect_failed")),
                             request(1, QStringLiteral("coder-large"), 200, 300)});
        RequestsView view(&link, &requests);
        auto *table = view.findChild<QTableView *>();
        auto *search = view.findChild<QLineEdit *>();
        auto *outcome = view.findChild<QComboBox *>();
        QVERIFY(table && search && outcome);
        QCOMPARE(table->model()->rowCount(), 3);

        search->setText(QStringLiteral("CODER")); // case-insensitive, any part of the name
        QCOMPARE(table->model()->rowCount(), 2);
        search->setText(QStringLiteral("connect_failed")); // errors are searched too
        QCOMPARE(table->model()->rowCount(), 1);
        search->clear();

        outcome->setCurrentIndex(outcome->findText(QStringLiteral("Failed only")));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, RequestTableModel::Status).data().toString(), QStringLiteral("502"));
        outcome->setCurrentIndex(outcome->findText(QStringLiteral("Succeeded only")));
        QCOMPARE(table->model()->rowCount(), 2);
        outcome->setCurrentIndex(0);

        // Newest first by start time; a click on Latency sorts by the value, not the text.
        QCOMPARE(table->model()->index(0, RequestTableModel::Route).data().toString(), QStringLiteral("coder"));
        table->sortByColumn(RequestTableModel::Latency, Qt::DescendingOrder);
        QCOMPARE(table->model()->index(0, RequestTableModel::Route).data().toString(), QStringLiteral("chat"));      // 900 ms
        QCOMPARE(table->model()->index(2, RequestTableModel::Route).data().toString(), QStringLiteral("coder"));     // 40 ms
    }

    void arrivingRowsDoNotMoveTheView()
    {
        CoreLink link;
        RequestTableModel requests;
        QJsonArray history;
        for (int n = 200; n > 0; --n)
            history.append(request(n, QStringLiteral("m%1").arg(n), 200, 10));
        requests.setHistory(history);
        RequestsView view(&link, &requests);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *table = view.findChild<QTableView *>();
        table->verticalScrollBar()->setValue(50);
        const QString topBefore = table->model()->index(table->rowAt(0), RequestTableModel::Route).data().toString();
        for (int n = 201; n <= 205; ++n)
            requests.add(request(n, QStringLiteral("m%1").arg(n), 200, 10));
        QCOMPARE(table->model()->index(table->rowAt(0), RequestTableModel::Route).data().toString(), topBefore);
        // At the very top, new rows do show.
        table->verticalScrollBar()->setValue(0);
        requests.add(request(206, QStringLiteral("m206"), 200, 10));
        QCOMPARE(table->model()->index(table->rowAt(0), RequestTableModel::Route).data().toString(), QStringLiteral("m206"));
    }

    void exportsTheRowsShown()
    {
        CoreLink link;
        RequestTableModel requests;
        requests.setHistory({request(2, QStringLiteral("=HYPERLINK(\"x\")"), 404, 1, QStringLiteral("no such model, really")),
                             request(1, QStringLiteral("coder"), 200, 12.5)});
        RequestsView view(&link, &requests);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(view.exportTo(dir.filePath(QStringLiteral("all.csv")), &error), qPrintable(error));
        QFile csv(dir.filePath(QStringLiteral("all.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.at(0).startsWith("startedMs,id,client,clientName,"));
        QVERIFY2(lines.at(1).startsWith(QDateTime::fromMSecsSinceEpoch(1'795'291'135'000, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8() + ",req_2,"),
                 lines.at(1).constData());
        QVERIFY2(lines.at(1).contains("\"'=HYPERLINK(\"\"x\"\")\"") && lines.at(1).contains("\"no such model, really\""), lines.at(1).constData());
        QVERIFY(lines.at(2).contains(",coder,") && lines.at(2).contains(",12.5,"));

        view.findChild<QLineEdit *>()->setText(QStringLiteral("coder"));
        QVERIFY2(view.exportTo(dir.filePath(QStringLiteral("coder.jsonl")), &error), qPrintable(error));
        QFile jsonl(dir.filePath(QStringLiteral("coder.jsonl")));
        QVERIFY(jsonl.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = jsonl.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(rows.at(0)).object().value(QLatin1String("id")).toString(), QStringLiteral("req_1"));
    }
};

QTEST_MAIN(TstRequestsView)
#include "tst_requestsview.moc"
