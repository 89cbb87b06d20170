// Measures task detection on labelled prompts (heldout.jsonl from build_dataset.py): the
// shipped classifier (or a model file given with --model) and the keyword baseline on the
// same prompts, through the same code the router runs. Prints Markdown for docs/routing.md.
//
//   build/dev/tools/taskclassifier/taskclassifier-eval build/taskclassifier/heldout.jsonl

#include "protocol/prompttext.h"
#include "routing/taskcues.h"
#include "routing/taskmodel.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTextStream>
#include <array>
#include <functional>

using namespace sy::routing;

namespace {

struct Row {
    int label;
    QByteArray source;
    QByteArray text;
};

using Confusion = std::array<std::array<int, kTaskTypes>, kTaskTypes>; // [true][guessed]
using Detector = std::function<TaskType(QByteArrayView)>;

int labelIndex(const QString &name)
{
    for (int t = 0; t < kTaskTypes; ++t) {
        if (name == QLatin1String(taskName(TaskType(t))))
            return t;
    }
    return -1;
}

QString pct(double v)
{
    return QString::number(v, 'f', 3);
}

void report(QTextStream &out, const QString &title, const QList<Row> &rows, const Detector &detect)
{
    Confusion confusion{};
    QMap<QByteArray, std::pair<int, int>> bySource; // right, total
    std::array<std::pair<int, int>, 3> byLength{};  // <100, 100-999, >=1000 bytes
    int right = 0;
    for (const Row &r : rows) {
        const int guess = int(detect(sy::protocol::promptExcerpt(r.text)));
        ++confusion[std::size_t(r.label)][std::size_t(guess)];
        const bool ok = guess == r.label;
        right += ok;
        auto &s = bySource[taskName(TaskType(r.label)) + QByteArray(" / ") + r.source];
        s.first += ok;
        ++s.second;
        auto &l = byLength[r.text.size() < 100 ? 0 : r.text.size() < 1000 ? 1 : 2];
        l.first += ok;
        ++l.second;
    }
    out << "### " << title << "\n\nAccuracy: **" << pct(double(right) / rows.size()) << "** (" << right << " of "
        << rows.size() << ")\n\n| type | precision | recall | F1 | prompts |\n| --- | --- | --- | --- | --- |\n";
    for (int t = 0; t < kTaskTypes; ++t) {
        int guessed = 0, actual = 0;
        for (int k = 0; k < kTaskTypes; ++k) {
            guessed += confusion[std::size_t(k)][std::size_t(t)];
            actual += confusion[std::size_t(t)][std::size_t(k)];
        }
        const int hit = confusion[std::size_t(t)][std::size_t(t)];
        const double p = guessed ? double(hit) / guessed : 0, rc = actual ? double(hit) / actual : 0;
        out << "| " << taskName(TaskType(t)) << " | " << pct(p) << " | " << pct(rc) << " | "
            << pct(p + rc > 0 ? 2 * p * rc / (p + rc) : 0) << " | " << actual << " |\n";
    }
    out << "\nConfusion (rows: the source's label, columns: detected):\n\n| | code | math | factual | creative | conversational |\n"
           "| --- | --- | --- | --- | --- | --- |\n";
    for (int t = 0; t < kTaskTypes; ++t) {
        out << "| " << taskName(TaskType(t));
        for (int k = 0; k < kTaskTypes; ++k)
            out << " | " << confusion[std::size_t(t)][std::size_t(k)];
        out << " |\n";
    }
    out << "\nBy source:\n\n| label / source | accuracy | prompts |\n| --- | --- | --- |\n";
    for (auto it = bySource.begin(); it != bySource.end(); ++it)
        out << "| " << it.key() << " | " << pct(double(it->first) / it->second) << " | " << it->second << " |\n";
    out << "\nBy length: ";
    const char *const lengths[] = {"under 100 bytes", "100-999 bytes", "1000 bytes or more"};
    for (std::size_t i = 0; i < byLength.size(); ++i)
        out << (i ? ", " : "") << lengths[i] << " " << pct(byLength[i].second ? double(byLength[i].first) / byLength[i].second : 0)
            << " (" << byLength[i].second << ")";
    out << "\n\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    QTextStream err(stderr), out(stdout);
    std::optional<TaskModel> model;
    if (const qsizetype at = args.indexOf(QStringLiteral("--model")); at >= 0 && at + 1 < args.size()) {
        QFile file(args[at + 1]);
        if (!file.open(QIODevice::ReadOnly) || !(model = TaskModel::fromBytes(file.readAll()))) {
            err << args[at + 1] << ": not a task model file\n";
            return 2;
        }
        args.remove(at, 2);
    }
    if (args.size() != 1) {
        err << "usage: taskclassifier-eval HELDOUT.jsonl [--model taskmodel.bin]\n";
        return 2;
    }
    QFile file(args[0]);
    if (!file.open(QIODevice::ReadOnly)) {
        err << args[0] << ": " << file.errorString() << "\n";
        return 2;
    }
    QList<Row> rows;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const int label = labelIndex(o.value(QLatin1String("label")).toString());
        if (label < 0) {
            err << "a row without a known label: " << line.left(80) << "\n";
            return 2;
        }
        rows << Row{label, o.value(QLatin1String("source")).toString().toUtf8(), o.value(QLatin1String("text")).toString().toUtf8()};
    }
    if (rows.isEmpty()) {
        err << args[0] << ": no prompts\n";
        return 2;
    }
    const TaskModel &classifier = model ? *model : TaskModel::builtin();
    report(out, QStringLiteral("Classifier"), rows, [&](QByteArrayView p) { return classifier.classify(p).primary; });
    report(out, QStringLiteral("Keyword baseline"), rows, [](QByteArrayView p) { return cueTasks(p).primary; });
    return 0;
}
