// Task detection for "auto": the shipped classifier on the phrasings the keyword list
// missed, its confidence and explanation, its bounded cost on long prompts, the model file
// check; and the keyword baseline's whole-word matching.

#include "protocol/prompttext.h"
#include "routing/taskcues.h"
#include "routing/taskfeatures.h"
#include "routing/secondtier.h"
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
    void featuresAreTheTrainersOnes_data();
    void featuresAreTheTrainersOnes();
    void cuesMatchWholeWords_data();
    void cuesMatchWholeWords();
    void secondTierReadsOneLabel_data();
    void secondTierReadsOneLabel();
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
    otherVersion[4] = 1; // a model for the features before technology names
    QVERIFY(!TaskModel::fromBytes(otherVersion).has_value());
    QByteArray otherTerms = data; // trained with another list of technology names
    otherTerms[16] = char(otherTerms[16] ^ 1);
    QVERIFY(!TaskModel::fromBytes(otherTerms).has_value());
}

// The buckets tools/taskclassifier/train.py's features() computes for these texts (printed
// by it): the shipped weights mean something only while the router's features match.
void TestTaskDetect::featuresAreTheTrainersOnes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QList<quint32>>("buckets");
    QTest::newRow("code") << QByteArray("Fix this: x = f(a, b);")
                          << QList<quint32>{49163, 43237, 60199, 19976, 4730, 16655, 2661, 42476, 59990, 28792, 58171, 50866, 63386,
                                            63230, 10915, 64733, 61581, 28208, 4369, 10774, 36637, 62391, 12100, 60707, 31613, 61135,
                                            54706, 64202, 9258, 30377, 53812, 60539, 58581, 27337, 30090, 44253, 22320, 10693};
    QTest::newRow("chat") << QByteArray("Hi! How are you?")
                          << QList<quint32>{49163, 43237, 60199, 19829, 3997, 46495, 27815, 29042, 39905, 12855, 10319, 44281, 56549,
                                            8194, 8282, 17368, 224, 53483, 5668, 27283, 32060, 32228, 39198, 42036, 10604, 6293};
    // 55887 is the shared technology-name feature, after "pygame" and after "python".
    QTest::newRow("technology names") << QByteArray("Write a pygame snake in Python.")
                                      << QList<quint32>{49163, 43237, 60199, 21730, 41805, 9692, 32309, 37849, 28570, 11839, 54706,
                                                        46645, 9258, 43658, 55887, 59343, 57771, 44189, 15689, 24333, 36484, 5046,
                                                        52752, 14333, 5979, 62479, 27152, 691, 56743, 49326, 18771, 33185, 53682,
                                                        57201, 55887, 22496, 57771, 25983, 19730, 51492, 56078, 45361, 29583, 64504};
    QTest::newRow("lines and UTF-8") << QByteArray("Write a poem\nabout \xc3\x9c" "ber-cats")
                                     << QList<quint32>{49163, 43414, 60199, 21730, 41805, 9692, 32309, 37849, 28570, 11839, 54706,
                                                       46645, 9258, 63265, 64883, 56157, 48135, 8351, 2946, 47425, 37214, 63952,
                                                       15226, 28257, 52336, 37107, 32649, 35822, 18853, 16190, 65411, 32118, 27887,
                                                       29638, 56309, 61667, 28696, 33802, 17183, 6065, 32944};
}

void TestTaskDetect::featuresAreTheTrainersOnes()
{
    QFETCH(QByteArray, text);
    QFETCH(QList<quint32>, buckets);
    std::vector<TaskFeature> features;
    QByteArray lowered;
    taskFeatures(text, features, lowered);
    QList<quint32> got;
    for (const TaskFeature &f : features)
        got << f.bucket;
    QCOMPARE(got, buckets);
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

void TestTaskDetect::secondTierReadsOneLabel_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<int>("type"); // -1: none
    QTest::newRow("word") << QStringLiteral("math") << int(TaskType::Math);
    QTest::newRow("capitalised, with a period") << QStringLiteral(" Creative.") << int(TaskType::Creative);
    QTest::newRow("in a phrase") << QStringLiteral("The task is: code") << int(TaskType::Code);
    QTest::newRow("the first one counts") << QStringLiteral("factual, not conversational") << int(TaskType::Factual);
    QTest::newRow("after thinking") << QStringLiteral("<think>code or math?</think>\nconversational") << int(TaskType::Conversational);
    QTest::newRow("cut off while thinking") << QStringLiteral("<think>Is this code or math") << -1;
    QTest::newRow("inside a word") << QStringLiteral("mathematics") << -1;
    QTest::newRow("none") << QStringLiteral("I cannot tell.") << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("past the first 200 characters") << QString(QString(210, QLatin1Char('x')) + QStringLiteral(" code")) << -1;
}

void TestTaskDetect::secondTierReadsOneLabel()
{
    QFETCH(QString, answer);
    QFETCH(int, type);
    const std::optional<TaskType> label = SecondTier::parseLabel(answer);
    QCOMPARE(label ? int(*label) : -1, type);
}

QTEST_GUILESS_MAIN(TestTaskDetect)
#include "tst_taskdetect.moc"
