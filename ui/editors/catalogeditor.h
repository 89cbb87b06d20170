#pragma once
// The model catalog: every configured model with its backend, upstream name, launch
// command (with fields for llama-server's model file, GPU layers and context size that
// write it), capabilities, context size, parameters, pinned flag and exclusive group.

#include "editors/editorpage.h"

#include <QJsonObject>
#include <map>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace sy::ui {

namespace launch {
struct Option;
}
class ParamsTable;

class CatalogEditor : public EditorPage {
    Q_OBJECT
public:
    explicit CatalogEditor(ConfigDocument *document, QWidget *parent = nullptr);
    QListWidget *modelList() const { return m_list; }
    QLineEdit *launchCommand() const { return m_command; }
    QLineEdit *modelFile() const { return m_modelFile; }
    QSpinBox *gpuLayers() const { return m_gpuLayers; }
    QSpinBox *contextSize() const { return m_context; }
    // What "Browse…" sets (the file dialog's choice), for tests.
    void chooseModelFile(const QString &path);
    QCheckBox *capability(const QString &name) const;
    void selectModel(const QString &id);

protected:
    void fill() override;

private:
    void showModel();
    void updateModel(const std::function<void(QJsonObject &)> &change);
    void addModel();
    void removeModel();
    void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &key);
    // Sets one llama-server option in the launch command (a new command if there is none).
    void setLaunchOption(const launch::Option &option, const QString &value);
    void showLaunchFields(const QStringList &argv);

    QListWidget *m_list;
    QPushButton *m_remove;
    QWidget *m_form;
    QLineEdit *m_id;
    QComboBox *m_backend;
    QLineEdit *m_upstream;
    QLineEdit *m_aliases;
    QLineEdit *m_command;
    QLineEdit *m_modelFile;
    QPushButton *m_browse;
    QSpinBox *m_gpuLayers;
    QLineEdit *m_healthPath;
    QSpinBox *m_loadTimeout;
    QCheckBox *m_declareCaps;
    std::map<QString, QCheckBox *> m_caps;
    QSpinBox *m_context;
    QSpinBox *m_ttl;
    QSpinBox *m_maxConcurrent;
    QCheckBox *m_pinned;
    QCheckBox *m_preload;
    QLineEdit *m_group;
    ParamsTable *m_params;
    QLineEdit *m_stripParams;
    std::map<QString, QLabel *> m_fieldErrors; // key -> its label
    std::map<QString, QWidget *> m_fields;
};

} // namespace sy::ui
