// The logs view as an operator reads it, offscreen, against a running core: a model
// server's output follows live while shown (no Refresh), every line with its time and the
// start of each run marked; the view saves what it shows; the core's own log is coloured
// by level.
#include "client/corelink.h"
#include "client/session.h"
#include "models/modeltablemodel.h"
#include "runningcore.h"
#include "simprocess.h"
#include "views/logsview.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace sy;
using namespace sy::ui;

namespace {

QByteArray managedSimConfig()
{
    const QByteArray port = QByteArray::number(test::unusedPort());
    const QJsonArray command{test::SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"),
                             QStringLiteral("--model-name"), QStringLiteral("${MODEL}")};
    return R"({"version":1,"server":{"host":"127.0.0.1","port":0},"backends":[{"id":"local","protocol":"openai","managed":true}],
               "models":[{"id":"sim","backend":"local","launch":{"command":)" +
           QJsonDocument(command).toJson(QJsonDocument::Compact) + R"(}}],"pool":{"portRange":[)" + port + "," + port + "]}}";
}

} // namespace

class TstLogsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateUserDirectories(); }

    void modelOutputFollowsLiveWithTimesAndRunMarkers()
    {
        test::RunningCore core(managedSimConfig());
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
        QTRY_COMPARE_WITH_TIMEOUT(session.link()->state(), CoreLink::State::Connected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session.models()->rowCount(), 1, 5000);

        LogsView view(session.link(), session.models());
        view.show();
        view.showSource(QStringLiteral("sim"));
        QTRY_VERIFY_WITH_TIMEOUT(view.text()->toPlainText().contains(QStringLiteral("no output yet")), 5000);

        // Started after the view opened: its lines arrive without a refresh.
        session.link()->loadModel(QStringLiteral("sim"));
        QTRY_VERIFY_WITH_TIMEOUT(view.text()->toPlainText().contains(QStringLiteral("started, pid")), 15000);
        const QString shown = view.text()->toPlainText();
        const QRegularExpression marker(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --- .*switchyard-sim started, pid \\d+ ---$"),
                                        QRegularExpression::MultilineOption);
        QVERIFY2(marker.match(shown).hasMatch(), qPrintable(shown));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sim.log"));
        QString error;
        QVERIFY2(view.saveTo(path, &error), qPrintable(error));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(saved.readAll()), view.text()->toPlainText() + QLatin1Char('\n'));
    }

    void coreLogIsColouredByLevel()
    {
        test::RunningCore core(managedSimConfig());
        QVERIFY2(core.ok(), qPrintable(core.error()));
        Session session;
        session.attach(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(core.port())), core.adminToken());
        LogsView view(session.link(), session.models());
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.text()->toPlainText().contains(QStringLiteral("listening on")), 5000); // the recent lines, read once
        const double now = double(QDateTime::currentMSecsSinceEpoch());
        view.addLines({QJsonObject{{QStringLiteral("timeMs"), now}, {QStringLiteral("level"), QStringLiteral("error")},
                                   {QStringLiteral("module"), QStringLiteral("pool")}, {QStringLiteral("message"), QStringLiteral("boom-error")}},
                       QJsonObject{{QStringLiteral("timeMs"), now}, {QStringLiteral("level"), QStringLiteral("info")},
                                   {QStringLiteral("module"), QStringLiteral("pool")}, {QStringLiteral("message"), QStringLiteral("calm-info")}}});
        const auto colourOf = [&view](const QString &needle) -> QColor {
            for (QTextBlock b = view.text()->document()->begin(); b.isValid(); b = b.next()) {
                if (b.text().contains(needle)) {
                    const QList<QTextLayout::FormatRange> formats = b.layout()->formats();
                    return formats.isEmpty() ? QColor() : formats.first().format.foreground().color();
                }
            }
            return QColor(Qt::transparent);
        };
        QTRY_COMPARE_WITH_TIMEOUT(colourOf(QStringLiteral("boom-error")), QColor(0xc6, 0x28, 0x28), 2000);
        QCOMPARE(colourOf(QStringLiteral("calm-info")), QColor()); // no format: the palette's text colour
    }
};

QTEST_MAIN(TstLogsView)
#include "tst_logsview.moc"
