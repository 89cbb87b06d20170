// The models table as the dashboard shows it: rows from a feed snapshot, deltas and
// counters, the TTL counting down between updates, failures announced, tokens/s learned.

#include "models/coremessages.h"
#include "models/modelgroupproxy.h"
#include "models/modeltablemodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QScopeGuard>
#include <QTranslator>

using namespace sy::ui;

namespace {

QJsonObject model(const QString &id, const QString &state, QJsonValue ttl = QJsonValue::Null)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("backend"), QStringLiteral("local")}, {QStringLiteral("kind"), QStringLiteral("managed")},
            {QStringLiteral("state"), state}, {QStringLiteral("ttlRemainingS"), ttl}, {QStringLiteral("rssBytes"), 300.0 * 1024 * 1024},
            {QStringLiteral("inFlight"), 0}, {QStringLiteral("queued"), 0}, {QStringLiteral("pinned"), false}};
}

QString cell(const ModelTableModel &table, int row, int column)
{
    return table.data(table.index(row, column)).toString();
}

} // namespace

class TstModelTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void failureCausesInTheWindowsLanguage()
    {
        const QString notFound = QStringLiteral("\"llama-server\" was not found in PATH");
        QCOMPARE(localizedFailureCause(notFound), notFound); // English: as the core wrote it
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/switchyard_de.qm")));
        QCoreApplication::installTranslator(&german);
        const auto english = qScopeGuard([&german] { QCoreApplication::removeTranslator(&german); }); // also when a check fails
        QCOMPARE(localizedFailureCause(notFound), QStringLiteral("„llama-server“ wurde im PATH nicht gefunden"));
        QCOMPARE(localizedFailureCause(QStringLiteral("exited with code 3 while loading")), QStringLiteral("beim Laden mit Code 3 beendet"));
        QCOMPARE(localizedFailureCause(QStringLiteral("did not become healthy within 60 s (last health check: 503 Loading model)")),
                 QStringLiteral("wurde nicht binnen 60 s bereit (letzte Prüfung: 503 Loading model)"));
        const QString unknown = QStringLiteral("something the window does not know");
        QCOMPARE(localizedFailureCause(unknown), unknown);
    }

    void snapshotFillsRows()
    {
        ModelTableModel table;
        table.reset({model(QStringLiteral("coder"), QStringLiteral("hot"), 120), model(QStringLiteral("chat"), QStringLiteral("cold"))}, {});
        QCOMPARE(table.rowCount(), 2);
        const int coder = table.rowOf(QStringLiteral("coder"));
        QVERIFY(coder >= 0);
        QCOMPARE(cell(table, coder, ModelTableModel::Name), QStringLiteral("coder"));
        QCOMPARE(table.data(table.index(coder, ModelTableModel::State), ModelTableModel::StateRole).toString(), QStringLiteral("hot"));
        QCOMPARE(cell(table, coder, ModelTableModel::Ttl), QStringLiteral("2:00"));
        QVERIFY(cell(table, coder, ModelTableModel::Memory).startsWith(QStringLiteral("300.0 M")));
        QCOMPARE(cell(table, table.rowOf(QStringLiteral("chat")), ModelTableModel::Ttl), QStringLiteral("—"));
    }

    void ttlCountsDownBetweenUpdates()
    {
        ModelTableModel table;
        table.reset({model(QStringLiteral("coder"), QStringLiteral("hot"), 5)}, {});
        QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);
        QCOMPARE(table.remaining(0, "ttlRemainingS"), 5);
        // No feed message arrives; the table ticks by itself once a second.
        QTRY_VERIFY_WITH_TIMEOUT(table.remaining(0, "ttlRemainingS") == 4, 2500);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 1500);
        QCOMPARE(cell(table, 0, ModelTableModel::Ttl), QStringLiteral("0:04"));
        // A counter message resets the countdown to the core's figure.
        table.applyCounters({QJsonObject{{QStringLiteral("id"), QStringLiteral("coder")}, {QStringLiteral("ttlRemainingS"), 30}}}, {});
        QCOMPARE(cell(table, 0, ModelTableModel::Ttl), QStringLiteral("0:30"));
    }

    void noTimerWhileNothingCounts()
    {
        ModelTableModel table;
        table.reset({model(QStringLiteral("coder"), QStringLiteral("cold"))}, {});
        QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);
        QTest::qWait(1300);
        QVERIFY2(changed.isEmpty(), "an idle table must not repaint itself (no busy polling)");
    }

    void deltaChangesStateAndAnnouncesFailure()
    {
        ModelTableModel table;
        table.reset({model(QStringLiteral("coder"), QStringLiteral("starting"))}, {});
        QSignalSpy failed(&table, &ModelTableModel::modelFailed);
        QJsonObject delta = model(QStringLiteral("coder"), QStringLiteral("failed"));
        delta.insert(QStringLiteral("lastError"), QStringLiteral("load timeout after 60 s\nlast output: CUDA out of memory"));
        table.updateModel(delta);
        QCOMPARE(table.data(table.index(0, ModelTableModel::State), ModelTableModel::StateRole).toString(), QStringLiteral("failed"));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("coder"));
        QVERIFY(table.data(table.index(0, ModelTableModel::State), Qt::ToolTipRole).toString().contains(QStringLiteral("CUDA out of memory")));
        table.updateModel(delta); // still failed: not announced again
        QCOMPARE(failed.count(), 1);
    }

    void tokensPerSecondFromFinishedRequests()
    {
        ModelTableModel table;
        table.reset({model(QStringLiteral("coder"), QStringLiteral("hot"), 60)}, {});
        auto rate = [&] { return table.data(table.index(0, ModelTableModel::TokensPerS), ModelTableModel::SortRole).toDouble(); };
        // A request without a speed (failed, or nothing generated) says nothing.
        table.recordRequest({{QStringLiteral("model"), QStringLiteral("coder")}, {QStringLiteral("status"), 200}, {QStringLiteral("tokensPerS"), QJsonValue()}});
        QCOMPARE(rate(), -1.0);
        table.recordRequest({{QStringLiteral("model"), QStringLiteral("coder")}, {QStringLiteral("status"), 200}, {QStringLiteral("tokensPerS"), 30.0}});
        QCOMPARE(rate(), 30.0);
        table.recordRequest({{QStringLiteral("model"), QStringLiteral("coder")}, {QStringLiteral("status"), 500}, {QStringLiteral("tokensPerS"), 90.0}});
        QCOMPARE(rate(), 30.0);
        table.recordRequest({{QStringLiteral("model"), QStringLiteral("coder")}, {QStringLiteral("status"), 200}, {QStringLiteral("tokensPerS"), 40.0}});
        QVERIFY2(rate() > 30 && rate() < 40, qPrintable(QString::number(rate()))); // a moving average
    }

    void sortsByNumbersNotText()
    {
        ModelTableModel table;
        QJsonObject big = model(QStringLiteral("big"), QStringLiteral("hot"), 600);
        QJsonObject small = model(QStringLiteral("small"), QStringLiteral("hot"), 90);
        table.reset({big, small}, {});
        QVERIFY(table.data(table.index(table.rowOf(QStringLiteral("small")), ModelTableModel::Ttl), ModelTableModel::SortRole).toInt() <
                table.data(table.index(table.rowOf(QStringLiteral("big")), ModelTableModel::Ttl), ModelTableModel::SortRole).toInt());
    }

    void nodeModelsAreControlledAsTheirKindOnTheNode()
    {
        ModelTableModel table;
        QJsonObject managed = model(QStringLiteral("gpu1/coder"), QStringLiteral("hot"));
        managed.insert(QStringLiteral("kind"), QStringLiteral("node"));
        managed.insert(QStringLiteral("nodeKind"), QStringLiteral("managed"));
        QJsonObject cloud = managed;
        cloud.insert(QStringLiteral("id"), QStringLiteral("gpu1/gpt"));
        cloud.insert(QStringLiteral("nodeKind"), QStringLiteral("remote"));
        QJsonObject gone = managed;
        gone.insert(QStringLiteral("id"), QStringLiteral("gpu2/coder"));
        gone.insert(QStringLiteral("state"), QStringLiteral("unreachable"));
        table.reset({managed, cloud, gone}, {});
        const auto controllable = [&table](const QString &id) {
            return table.data(table.index(table.rowOf(id), ModelTableModel::Name), ModelTableModel::ControllableRole).toBool();
        };
        QVERIFY(controllable(QStringLiteral("gpu1/coder")));
        QVERIFY(!controllable(QStringLiteral("gpu1/gpt")));
        QCOMPARE(cell(table, table.rowOf(QStringLiteral("gpu2/coder")), ModelTableModel::State), QStringLiteral("unreachable"));
    }

    void modelsAreGroupedByMachine()
    {
        ModelTableModel table;
        const auto onNode = [](const QString &node, const QString &name, const QString &state) {
            QJsonObject m = model(node + QLatin1Char('/') + name, state);
            m.insert(QStringLiteral("kind"), QStringLiteral("node"));
            m.insert(QStringLiteral("node"), node);
            return m;
        };
        table.reset({onNode(QStringLiteral("gpu2"), QStringLiteral("a"), QStringLiteral("hot")), model(QStringLiteral("zeta"), QStringLiteral("cold")),
                     onNode(QStringLiteral("gpu1"), QStringLiteral("b"), QStringLiteral("cold")), model(QStringLiteral("alpha"), QStringLiteral("hot")),
                     onNode(QStringLiteral("gpu1"), QStringLiteral("a"), QStringLiteral("hot"))},
                    {});
        ModelGroupProxy proxy;
        proxy.setSourceModel(&table);
        const auto order = [&proxy] {
            QStringList ids;
            for (int row = 0; row < proxy.rowCount(); ++row)
                ids << proxy.index(row, 0).data(ModelTableModel::IdRole).toString();
            return ids;
        };
        // This machine first, then each node; within a group the column decides, both ways.
        proxy.sort(ModelTableModel::Name, Qt::AscendingOrder);
        QCOMPARE(order(), (QStringList{"alpha", "zeta", "gpu1/a", "gpu1/b", "gpu2/a"}));
        proxy.sort(ModelTableModel::Name, Qt::DescendingOrder);
        QCOMPARE(order(), (QStringList{"zeta", "alpha", "gpu1/b", "gpu1/a", "gpu2/a"}));
        QVERIFY(proxy.spansMachines());
        const auto label = [&proxy](int row) { return proxy.headerData(row, Qt::Vertical, Qt::DisplayRole).toString(); };
        QCOMPARE(label(0), QStringLiteral("this machine"));
        QCOMPARE(label(1), QString());
        QCOMPARE(label(2), QStringLiteral("gpu1"));
        QCOMPARE(label(3), QString());
        QCOMPARE(label(4), QStringLiteral("gpu2"));
        // Filtered down to this machine's models, there is nothing to group.
        proxy.setFilterFixedString(QStringLiteral("alpha"));
        QVERIFY(!proxy.spansMachines());
    }
};

QTEST_MAIN(TstModelTable)
#include "tst_modeltable.moc"
