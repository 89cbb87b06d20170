#pragma once
// Fallback and pool settings: attempts, timeouts, cooldown, default and per-model TTL,
// memory budget, port range, warm preference and history retention. Each field edits one
// config key and shows the core's message for that key next to it.

#include "editors/editorpage.h"

#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QSpinBox;
class QLabel;

namespace sy::ui {

class SettingsEditor : public EditorPage {
    Q_OBJECT
public:
    explicit SettingsEditor(ConfigDocument *document, QWidget *parent = nullptr);
    // The spin box for a key such as "fallback.maxAttempts" or "pool.portRange[0]".
    QSpinBox *spinBox(const QString &path) const;
    // The per-model TTL spin box of the model at `row` of the config's models, or nullptr.
    QSpinBox *modelTtl(int row) const;

protected:
    void fill() override;

private:
    struct IntField {
        QString section;
        QString key;
        int index = -1;    // element of an array value (portRange), or -1
        int fallback = 0;  // shown when the key is absent
        QSpinBox *spin = nullptr;
    };
    static QString pathOf(const QString &section, const QString &key, int index);
    QSpinBox *addInt(QFormLayout *form, const QString &label, const QString &section, const QString &key, int fallback,
                     int min, int max, const QString &suffix, const QString &tip, int index = -1);
    void writeInt(const IntField &field, int value);
    void fillModelTtls();
    void writeModelTtl(int row, int value);

    std::vector<IntField> m_ints;
    QComboBox *m_preferWarm;
    QCheckBox *m_historyEnabled;
    QWidget *m_modelTtls;      // one row per configured model: its name, then its TTL
    QFormLayout *m_ttlForm;
    QLabel *m_noModels;
};

} // namespace sy::ui
