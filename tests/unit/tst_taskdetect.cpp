// Task detection for "auto": the shipped classifier on the phrasings the keyword list
// missed, its confidence and explanation, its bounded cost on long prompts, the model file
// check; and the keyword baseline's whole-word matching.

#include "protocol/prompttext.h"
#include "routing/taskcues.h"
#include "routing/taskmodel.h"

#include <QFile>
#include <QtTest>

using namespace sy::routing;

class TestTaskDetect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classifies_data();
    void classifies();
    void scoresAreAShareAndStable();
    void explainsWithWordsOfThePrompt();
    void longPromptsCostTheSame();
    void modelFileIsChecked();
    void cuesMatchWholeWords_data();
    void cuesMatchWholeWords();
};

void TestTaskDetect::classifies_data()
{
    QTest::addColumn<QByteArray>("prompt");
    QTest::addColumn<QString>("type");
    // From issue 14: ordinary phrasings the keyword list got wrong.
    QTest::newRow("released") << QByteArray("when was the first iPhone released") << "factual";
    QTest::newRow("triangle") << QByteArray("The vertices of a triangle are (0, 0), (4, 0) and (0, 3). What is the area?") << "math";
    QTest::newRow("description") << QByteArray("write description for a handmade candle shop, warm and playful") << "creative";
    QTest::newRow("antitrust") << QByteArray("What did the antitrust case against Standard Oil decide?") << "factual";
    QTest::newRow("code") << QByteArray("Write a Python function that reverses a linked list in place.") << "code";
    QTest::newRow("greeting") << QByteArray("hey! how's your day going?") << "conversational";
}

void TestTaskDetect::classifies()
{
    QFETCH(QByteArray, prompt);
    QFETCH(QString, type);
    const TaskScores s = detectTasks(prompt, true);
    QVERIFY2(QLatin1String(taskName(s.primary)) == type, qPrintable(QStringLiteral("%1 (%2)").arg(taskName(s.primary), QString::fromUtf8(s.why))));
}

void TestTaskDetect::scoresAreAShareAndStable()
{
    const QByteArray prompt = "Solve for x: 3x + 7 = 22";
    const TaskScores a = detectTasks(prompt), b = detectTasks(prompt);
    double total = 0;
    for (double v : a.score)
        total += v;
    QVERIFY(qAbs(total - 1) < 1e-9);
    QCOMPARE(a.score, b.score);
    QCOMPARE(a.confidence, a.of(a.primary));
    QVERIFY(*std::max_element(a.score.begin(), a.score.end()) == a.confidence);
}

void TestTaskDetect::explainsWithWordsOfThePrompt()
{
    const TaskScores s = detectTasks("Refactor this TypeScript class and add unit tests", true);
    QCOMPARE(s.primary, TaskType::Code);
    QVERIFY(!s.why.isEmpty());
    // '"word" +0.12, ...': each quoted word is from the (lower-cased) prompt.
    const QList<QByteArray> parts = s.why.split(',');
    QVERIFY(parts.size() <= 3);
    for (const QByteArray &p : parts) {
        const QByteArray word = p.trimmed().split('"').value(1);
        QVERIFY2(!word.isEmpty() && QByteArray("refactor this typescript class and add unit tests").contains(word), p.constData());
    }
    QVERIFY(detectTasks("Refactor this TypeScript class").why.isEmpty()); // only when asked
}

void TestTaskDetect::longPromptsCostTheSame()
{
    // A 40 KB agent turn is read as its excerpt: the start and the end, where the ask is.
    QByteArray turn = "Please fix the failing unit test in this C++ file.\n";
    while (turn.size() < 40 * 1024)
        turn += "    int value = compute(items[i]) + offset; // keep going\n";
    const QByteArray excerpt = sy::protocol::promptExcerpt(turn);
    QVERIFY(excerpt.size() <= sy::protocol::kPromptExcerptMax);
    QCOMPARE(detectTasks(excerpt).primary, TaskType::Code);
}

void TestTaskDetect::modelFileIsChecked()
{
    QFile file(QStringLiteral(":/routing/taskmodel.bin"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray data = file.readAll();
    QVERIFY(TaskModel::fromBytes(data).has_value());
    QVERIFY(!TaskModel::fromBytes(data.chopped(1)).has_value());
    QByteArray otherVersion = data;
    otherVersion[4] = 2;
    QVERIFY(!TaskModel::fromBytes(otherVersion).has_value());
}

void TestTaskDetect::cuesMatchWholeWords_data()
{
    QTest::addColumn<QByteArray>("prompt");
    QTest::addColumn<int>("type");
    // Each holds a cue inside a longer word only, so that type gets no cue score.
    QTest::newRow("antitrust") << QByteArray("tell me about the antitrust ruling") << int(TaskType::Code);
    QTest::newRow("characteristic") << QByteArray("a characteristic of granite") << int(TaskType::Creative);
    QTest::newRow("improve") << QByteArray("improve my sleep schedule") << int(TaskType::Math);
    QTest::newRow("history") << QByteArray("the history of Rome") << int(TaskType::Creative);
}

void TestTaskDetect::cuesMatchWholeWords()
{
    QFETCH(QByteArray, prompt);
    QFETCH(int, type);
    QCOMPARE(cueTasks(prompt).score[std::size_t(type)], 0.0);
    // The same cue as a word of its own counts.
    const QByteArray cue = type == int(TaskType::Code) ? "rust" : type == int(TaskType::Math) ? "prove" : "story";
    QVERIFY(cueTasks(prompt + " " + cue).score[std::size_t(type)] > 0);
}

QTEST_GUILESS_MAIN(TestTaskDetect)
#include "tst_taskdetect.moc"
