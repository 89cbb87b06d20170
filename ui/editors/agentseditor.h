#pragma once
// Agent preferences: the agent classes, each with its ordered model list (primary first,
// reordered by drag and drop), its parameters and per-model parameter overrides.

#include "editors/editorpage.h"

#include <QJsonObject>

class QLabel;
class QListWidget;
class QPushButton;

namespace sy::ui {

class OrderedList;
class ParamsTable;

class AgentsEditor : public EditorPage {
    Q_OBJECT
public:
    explicit AgentsEditor(ConfigDocument *document, QWidget *parent = nullptr);
    QListWidget *agentList() const { return m_agents; }
    OrderedList *modelList() const { return m_models; }
    void selectAgent(const QString &name);

protected:
    void fill() override;

private:
    QString currentAgent() const;
    void showAgent();
    void showModelParams();
    void updateAgent(const std::function<void(QJsonObject &)> &change);
    void addAgent();
    void removeAgent();

    QListWidget *m_agents;
    QPushButton *m_remove;
    QWidget *m_detail;
    QLabel *m_title;
    OrderedList *m_models;
    QLabel *m_modelsError;
    ParamsTable *m_params;
    QLabel *m_paramsError;
    QLabel *m_overridesTitle;
    ParamsTable *m_modelParams;
};

} // namespace sy::ui
