// The workload splitter: lists and "first ... then" sequences into subtasks with
// dependencies, task types, complexity and a strategy.

#include "routing/decompose.h"

#include <QtTest>

using namespace sy::routing;

namespace {

// "1:code:- 2:math:1" = id:taskType:dependsOn (comma-separated, "-" for none), per subtask.
QString shape(const Decomposition &d)
{
    QStringList out;
    for (const Subtask &s : d.subtasks) {
        QStringList deps;
        for (int dep : s.dependsOn)
            deps << QString::number(dep);
        out << QStringLiteral("%1:%2:%3").arg(s.id).arg(QLatin1String(taskName(s.task.primary)),
                                                       deps.isEmpty() ? QStringLiteral("-") : deps.join(QLatin1Char(',')));
    }
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestDecompose : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splits_data();
    void splits();
    void subtaskTextIsClean();
    void stagesGroupWhatCanRunTogether();
    void complexityGrowsWithTheWork();
    void longListsAreCapped();
};

void TestDecompose::splits_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one task") << QStringLiteral("Write a haiku about autumn leaves") << "single" << "single" << "1:creative:-";
    QTest::newRow("if-then is one task") << QStringLiteral("If the input is empty then return null from the python function")
                                         << "single" << "single" << "1:code:-";
    QTest::newRow("bullets, independent")
        << QStringLiteral("Please handle these:\n- Write a poem about the sea\n- What is the capital of France?\n- Solve the equation 3x + 5 = 20")
        << "list" << "parallel" << "1:creative:- 2:factual:- 3:math:-";
    QTest::newRow("numbered, second builds on first")
        << QStringLiteral("1. Implement a python function that parses CSV files\n2. Write unit tests for it\n3. Write a poem about spring")
        << "list" << "hybrid" << "1:code:- 2:code:1 3:creative:-";
    QTest::newRow("explicit step reference")
        << QStringLiteral("1) Calculate the probability of two sixes\n2) Write a short story\n3) Explain the result of step 1 to a child")
        << "list" << "hybrid" << "1:math:- 2:creative:- 3:factual:1";
    QTest::newRow("steps intro makes it ordered")
        << QStringLiteral("Follow these steps:\n1. Write a story outline\n2. Write a poem\n3. Write a song")
        << "list" << "sequential" << "1:creative:- 2:creative:1 3:creative:2";
    QTest::newRow("closing line combines all")
        << QStringLiteral("- Summarize the history of Rome\n- Summarize the history of Athens\nThen compare them in a table")
        << "list" << "hybrid" << "1:factual:- 2:factual:- 3:factual:1,2";
    QTest::newRow("first then finally")
        << QStringLiteral("First write a python function to sort a list, then write unit tests for it, and finally write a poem about sorting.")
        << "sequence" << "sequential" << "1:code:- 2:code:1 3:creative:2";
    QTest::newRow("then after punctuation")
        << QStringLiteral("Calculate the integral of x^2 from 0 to 3. Then explain what the area means.")
        << "sequence" << "sequential" << "1:math:- 2:factual:1";
    QTest::newRow("a single item is no list") << QStringLiteral("- hello there, how are you?") << "single" << "single" << "1:conversational:-";
}

void TestDecompose::splits()
{
    QFETCH(QString, prompt);
    QFETCH(QString, source);
    QFETCH(QString, strategy);
    QFETCH(QString, expected);
    const Decomposition d = decompose(prompt);
    QCOMPARE(shape(d), expected);
    QCOMPARE(d.source, source);
    QCOMPARE(QLatin1String(strategyName(d.strategy)), strategy);
    QVERIFY(d.complexity > 0 && d.complexity <= 1);
    for (const Subtask &s : d.subtasks)
        QVERIFY(s.complexity > 0 && s.complexity <= 1);
}

void TestDecompose::subtaskTextIsClean()
{
    const Decomposition list = decompose(QStringLiteral("Do this:\n  1. first item\n     continued here\n  2. second item\n"));
    QCOMPARE(list.context, QStringLiteral("Do this:"));
    QCOMPARE(list.subtasks[0].text, QStringLiteral("first item continued here"));
    QCOMPARE(list.subtasks[1].text, QStringLiteral("second item"));

    const Decomposition seq = decompose(QStringLiteral("First, draft an email; then proofread it. Finally: send a summary."));
    QCOMPARE(seq.subtasks.size(), std::size_t(3));
    QCOMPARE(seq.subtasks[0].text, QStringLiteral("draft an email"));
    QCOMPARE(seq.subtasks[1].text, QStringLiteral("proofread it"));
    QCOMPARE(seq.subtasks[2].text, QStringLiteral("send a summary."));
}

void TestDecompose::stagesGroupWhatCanRunTogether()
{
    const Decomposition d = decompose(QStringLiteral("- Research topic A\n- Research topic B\n- Research topic C\nFinally combine the findings"));
    QCOMPARE(d.stages.size(), std::size_t(2));
    QCOMPARE(d.stages[0], (std::vector<int>{1, 2, 3}));
    QCOMPARE(d.stages[1], (std::vector<int>{4}));
    QCOMPARE(d.strategy, Strategy::Hybrid);
}

void TestDecompose::complexityGrowsWithTheWork()
{
    const double greeting = decompose(QStringLiteral("hi there")).complexity;
    const double code = decompose(QStringLiteral(
        "Implement a thread-safe LRU cache in C++ that must handle concurrent readers efficiently, ensure O(1) operations, "
        "handle edge cases like zero capacity, and include unit tests that cover eviction order and performance under load."))
                            .complexity;
    QVERIFY2(greeting < 0.3, qPrintable(QString::number(greeting)));
    QVERIFY2(code > 0.6, qPrintable(QString::number(code)));
    const double many = decompose(QStringLiteral("- a poem\n- a poem\n- a poem\n- a poem\n- a poem\n- a poem")).complexity;
    QVERIFY(many > decompose(QStringLiteral("a poem")).complexity);
}

void TestDecompose::longListsAreCapped()
{
    QString prompt;
    for (int i = 1; i <= 150; ++i)
        prompt += QStringLiteral("%1. item number %1\n").arg(i);
    const Decomposition d = decompose(prompt);
    QCOMPARE(int(d.subtasks.size()), kMaxSubtasks);
}

QTEST_GUILESS_MAIN(TestDecompose)
#include "tst_decompose.moc"
