#include "widgets/tracetree.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTreeWidget>

namespace sy::ui {

QTreeWidget *makeDetailTree(const QStringList &headers, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setWordWrap(true);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    return tree;
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return {};
}

void fillTrace(QTreeWidget *tree, const QJsonObject &trace)
{
    tree->clear();
    for (const QJsonValue &v : trace.value(QLatin1String("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        QString detail = jsonText(s.value(QLatin1String("detail")));
        if (s.contains(QLatin1String("reason")))
            detail = jsonText(s.value(QLatin1String("reason"))) + QStringLiteral(": ") + detail;
        if (s.contains(QLatin1String("score")))
            detail = QCoreApplication::translate("sy::ui::TraceTree", "score %1").arg(s.value(QLatin1String("score")).toDouble(), 0, 'f', 3) +
                     (detail.isEmpty() ? QString() : QStringLiteral(" · ") + detail);
        const QString model = jsonText(s.value(QLatin1String("model")));
        new QTreeWidgetItem(tree, {jsonText(s.value(QLatin1String("step"))), model.isEmpty() ? jsonText(s.value(QLatin1String("type"))) : model, detail});
    }
}

} // namespace sy::ui
