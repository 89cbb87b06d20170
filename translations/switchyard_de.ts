<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConfigMessages</name>
    <message>
        <source>not valid JSON at line %1, column %2: %3</source>
        <translation>kein gültiges JSON in Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>the document must be a JSON object</source>
        <translation>das Dokument muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>duplicate backend id &quot;%1&quot;</source>
        <translation>Backend-ID „%1“ ist doppelt</translation>
    </message>
    <message>
        <source>prefix &quot;%1&quot; is used by another backend</source>
        <translation>Präfix „%1“ nutzt schon ein anderes Backend</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already a model id or alias</source>
        <translation>„%1“ ist schon eine Modell-ID oder ein Alias</translation>
    </message>
    <message>
        <source>no backend has the id &quot;%1&quot;</source>
        <translation>kein Backend hat die ID „%1“</translation>
    </message>
    <message>
        <source>is required: backend &quot;%1&quot; is managed, so Switchyard starts this model</source>
        <translation>ist nötig: Backend „%1“ wird verwaltet, also startet Switchyard dieses Modell</translation>
    </message>
    <message>
        <source>only models of a managed backend are launched (backend &quot;%1&quot; is not)</source>
        <translation>nur Modelle eines verwalteten Backends werden gestartet („%1“ ist keins)</translation>
    </message>
    <message>
        <source>a managed backend only serves its configured models; pick a backend with a baseUrl</source>
        <translation>ein verwaltetes Backend bedient nur seine konfigurierten Modelle; wählen Sie ein Backend mit baseUrl</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id, alias, mapped or prefixed name</source>
        <translation>„%1“ ist weder Modell-ID noch Alias, zugeordneter oder Präfix-Name</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not in this agent&apos;s models</source>
        <translation>„%1“ gehört nicht zu den Modellen dieses Agenten</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a model id or alias</source>
        <translation>„%1“ ist keine Modell-ID und kein Alias</translation>
    </message>
    <message>
        <source>no pool has the role &quot;%1&quot;</source>
        <translation>kein Pool hat die Rolle „%1“</translation>
    </message>
    <message>
        <source>has %1 ports for %2 launchable models</source>
        <translation>hat %1 Ports für %2 startbare Modelle</translation>
    </message>
    <message>
        <source>unknown key</source>
        <translation>unbekannter Schlüssel</translation>
    </message>
    <message>
        <source>unknown key (did you mean &quot;%1&quot;?)</source>
        <translation>unbekannter Schlüssel (gemeint ist wohl „%1“)</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>ist nötig</translation>
    </message>
    <message>
        <source>must be a string, not %1</source>
        <translation>muss eine Zeichenkette sein, nicht %1</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>must be a whole number, not %1</source>
        <translation>muss eine ganze Zahl sein, nicht %1</translation>
    </message>
    <message>
        <source>must be between %1 and %2 (is %3)</source>
        <translation>muss zwischen %1 und %2 liegen (ist %3)</translation>
    </message>
    <message>
        <source>must be true or false, not %1</source>
        <translation>muss true oder false sein, nicht %1</translation>
    </message>
    <message>
        <source>must be an array of strings, not %1</source>
        <translation>muss ein Array von Zeichenketten sein, nicht %1</translation>
    </message>
    <message>
        <source>must be a non-empty string</source>
        <translation>muss eine nicht leere Zeichenkette sein</translation>
    </message>
    <message>
        <source>must be an object, not %1</source>
        <translation>muss ein Objekt sein, nicht %1</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>must be an array, not %1</source>
        <translation>muss ein Array sein, nicht %1</translation>
    </message>
    <message>
        <source>lists more than %1 names</source>
        <translation>nennt mehr als %1 Namen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is part of the request, not a parameter that can be stripped</source>
        <translation>„%1“ gehört zur Anfrage und ist kein Parameter, der entfernt werden kann</translation>
    </message>
    <message>
        <source>may hold only letters, digits and . _ : @ - (at most 64)</source>
        <translation>darf nur Buchstaben, Ziffern und . _ : @ - enthalten (höchstens 64)</translation>
    </message>
    <message>
        <source>needs either keyEnv (the environment variable holding the key) or keyHash, not both</source>
        <translation>braucht entweder keyEnv (die Umgebungsvariable mit dem Schlüssel) oder keyHash, nicht beides</translation>
    </message>
    <message>
        <source>must be &quot;sha256:&quot; and 64 lowercase hex digits (switchyard key hash prints it)</source>
        <translation>muss „sha256:“ und 64 kleine Hex-Ziffern sein (switchyard key hash gibt ihn aus)</translation>
    </message>
    <message>
        <source>keys do not belong in the config file: use keyEnv or keyHash</source>
        <translation>Schlüssel gehören nicht in die Konfigurationsdatei: nutzen Sie keyEnv oder keyHash</translation>
    </message>
    <message>
        <source>must be an origin like &quot;http://localhost:3000&quot; (scheme, host, optional port; no path) or &quot;*&quot;</source>
        <translation>muss ein Origin wie „http://localhost:3000“ sein (Schema, Host, optional Port; kein Pfad) oder „*“</translation>
    </message>
    <message>
        <source>another key is already named &quot;%1&quot;</source>
        <translation>ein anderer Schlüssel heißt schon „%1“</translation>
    </message>
    <message>
        <source>may hold only letters, digits and . _ : @ -</source>
        <translation>darf nur Buchstaben, Ziffern und . _ : @ - enthalten</translation>
    </message>
    <message>
        <source>a managed backend gets its address from each model&apos;s launch (remove baseUrl)</source>
        <translation>ein verwaltetes Backend bekommt seine Adresse vom Start jedes Modells (baseUrl entfernen)</translation>
    </message>
    <message>
        <source>is required unless &quot;managed&quot;: true</source>
        <translation>ist nötig, außer bei „managed“: true</translation>
    </message>
    <message>
        <source>must be an http:// or https:// URL (is &quot;%1&quot;)</source>
        <translation>muss eine http://- oder https://-URL sein (ist „%1“)</translation>
    </message>
    <message>
        <source>must end with &quot;/&quot; (e.g. &quot;%1/&quot;)</source>
        <translation>muss auf „/“ enden (z. B. „%1/“)</translation>
    </message>
    <message>
        <source>has a name that is not a header name (letters, digits and !#$%&amp;&apos;*+.^_`|~-)</source>
        <translation>enthält einen Namen, der kein Header-Name ist (Buchstaben, Ziffern und !#$%&amp;&apos;*+.^_`|~-)</translation>
    </message>
    <message>
        <source>a header value may not hold line breaks or other control characters</source>
        <translation>ein Header-Wert darf keine Zeilenumbrüche oder anderen Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>must not contain control characters</source>
        <translation>darf keine Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>must not contain spaces, control or formatting characters</source>
        <translation>darf keine Leerzeichen, Steuer- oder Formatierungszeichen enthalten</translation>
    </message>
    <message>
        <source>must be at most %1 bytes long</source>
        <translation>darf höchstens %1 Bytes lang sein</translation>
    </message>
    <message>
        <source>is a name the router keeps for itself (auto, agent:...)</source>
        <translation>ist ein Name, den der Router selbst verwendet (auto, agent:...)</translation>
    </message>
    <message>
        <source>is given more than once in its object (only one can count)</source>
        <translation>kommt in seinem Objekt mehr als einmal vor (nur eines kann gelten)</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>keys do not belong in the config file: use apiKeyEnv</source>
        <translation>Schlüssel gehören nicht in die Konfigurationsdatei: nutzen Sie apiKeyEnv</translation>
    </message>
    <message>
        <source>may not hold a user name or password: the node&apos;s token belongs in the environment (tokenEnv)</source>
        <translation>darf keinen Benutzernamen und kein Passwort enthalten: das Token des Knotens gehört in die Umgebung (tokenEnv)</translation>
    </message>
    <message>
        <source>may not hold a user name or password: keys belong in the environment (apiKeyEnv)</source>
        <translation>darf keinen Benutzernamen und kein Passwort enthalten: Schlüssel gehören in die Umgebung (apiKeyEnv)</translation>
    </message>
    <message>
        <source>has a variable name that is empty or holds &quot;=&quot; or a control character, or a value with a NUL</source>
        <translation>hat einen Variablennamen, der leer ist oder &quot;=&quot; oder ein Steuerzeichen enthält, oder einen Wert mit NUL</translation>
    </message>
    <message>
        <source>is set by Switchyard for each request (message framing and connection fields cannot be configured)</source>
        <translation>setzt Switchyard für jede Anfrage (Felder für die Nachrichtenrahmung und die Verbindung lassen sich nicht konfigurieren)</translation>
    </message>
    <message>
        <source>must be the node&apos;s address like &quot;http://gpu1:6103&quot; (no path; is &quot;%1&quot;)</source>
        <translation>muss die Adresse des Knotens sein, etwa „http://gpu1:6103“ (kein Pfad; ist „%1“)</translation>
    </message>
    <message>
        <source>must contain ${PORT}: Switchyard chooses each model&apos;s port</source>
        <translation>muss ${PORT} enthalten: Switchyard wählt den Port jedes Modells</translation>
    </message>
    <message>
        <source>must start with &quot;/&quot;</source>
        <translation>muss mit „/“ beginnen</translation>
    </message>
    <message>
        <source>unknown capability &quot;%1&quot; (known: %2)</source>
        <translation>unbekannte Fähigkeit „%1“ (bekannt: %2)</translation>
    </message>
    <message>
        <source>must be a number from 0 to 100</source>
        <translation>muss eine Zahl von 0 bis 100 sein</translation>
    </message>
    <message>
        <source>unknown task type (known: %1)</source>
        <translation>unbekannter Aufgabentyp (bekannt: %1)</translation>
    </message>
    <message>
        <source>must be a number from 0 to 1</source>
        <translation>muss eine Zahl von 0 bis 1 sein</translation>
    </message>
    <message>
        <source>must be an object of inference parameters</source>
        <translation>muss ein Objekt mit Inferenzparametern sein</translation>
    </message>
    <message>
        <source>must be an object of product type -&gt; model list</source>
        <translation>muss ein Objekt Produkttyp -&gt; Modellliste sein</translation>
    </message>
    <message>
        <source>needs a &quot;default&quot; product type as the fallback list</source>
        <translation>braucht den Produkttyp „default“ als Ausweichliste</translation>
    </message>
    <message>
        <source>unknown failure class &quot;%1&quot; (known: %2)</source>
        <translation>unbekannte Fehlerklasse „%1“ (bekannt: %2)</translation>
    </message>
    <message>
        <source>must be [first, last] with 1024 &lt;= first &lt;= last &lt;= 65535</source>
        <translation>muss [erster, letzter] sein mit 1024 &lt;= erster &lt;= letzter &lt;= 65535</translation>
    </message>
    <message>
        <source>must be an object with &quot;models&quot;</source>
        <translation>muss ein Objekt mit „models“ sein</translation>
    </message>
    <message>
        <source>must be an object with &quot;required&quot;</source>
        <translation>muss ein Objekt mit „required“ sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not found in PATH on this machine: the model will fail to load until it is installed</source>
        <translation>„%1“ wurde auf diesem Rechner nicht im PATH gefunden: das Modell lädt erst, wenn es installiert ist</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an executable file on this machine: the model will fail to load</source>
        <translation>„%1“ ist auf diesem Rechner keine ausführbare Datei: das Modell wird nicht laden</translation>
    </message>
    <message>
        <source>the working directory &quot;%1&quot; is not a directory on this machine: the model will fail to load</source>
        <translation>das Arbeitsverzeichnis „%1“ ist auf diesem Rechner kein Verzeichnis: das Modell wird nicht laden</translation>
    </message>
    <message>
        <source>the model file &quot;%1&quot; does not exist on this machine</source>
        <translation>die Modelldatei „%1“ gibt es auf diesem Rechner nicht</translation>
    </message>
    <message>
        <source>must be one of %1 (is &quot;%2&quot;)</source>
        <translation>muss eins von %1 sein (ist „%2“)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is an embedding or rerank model; the classifier must be a chat model</source>
        <translation>„%1“ ist ein Embedding- oder Rerank-Modell; der Klassifikator muss ein Chat-Modell sein</translation>
    </message>
</context>
<context>
    <name>ConfigTypes</name>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>ein Wahrheitswert</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>ein Array</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlend</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>crashed</source>
        <translation>abgestürzt</translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation>mit Code %1 beendet</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not found in PATH</source>
        <translation>„%1“ wurde im PATH nicht gefunden</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an executable file</source>
        <translation>„%1“ ist keine ausführbare Datei</translation>
    </message>
    <message>
        <source>no free port in pool.portRange %1-%2</source>
        <translation>kein freier Port in pool.portRange %1-%2</translation>
    </message>
    <message>
        <source>did not become healthy within %1 s (last health check: %2)</source>
        <translation>wurde nicht binnen %1 s bereit (letzte Prüfung: %2)</translation>
    </message>
    <message>
        <source>exited unexpectedly</source>
        <translation>unerwartet beendet</translation>
    </message>
    <message>
        <source>%1 while loading</source>
        <translation>beim Laden %1</translation>
    </message>
    <message>
        <source>%1 unexpectedly</source>
        <translation>unerwartet %1</translation>
    </message>
    <message>
        <source>There is no model &quot;%1&quot;.</source>
        <translation>Es gibt kein Modell „%1“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is served by a remote service: Switchyard cannot load, unload or pin it.</source>
        <translation>„%1“ wird von einem entfernten Dienst bedient: Switchyard kann es nicht laden, entladen oder anheften.</translation>
    </message>
    <message>
        <source>The config changed since the window read it. Revert to load the new one, then make the edit again.</source>
        <translation>Die Konfiguration hat sich geändert, seit das Fenster sie gelesen hat. „Zurücksetzen“ lädt die neue; nehmen Sie die Änderung dann erneut vor.</translation>
    </message>
    <message>
        <source>The config could not be saved to %1: %2</source>
        <translation>Die Konfiguration konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>sy::ui::ActionsDelegate</name>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Anheften</translation>
    </message>
</context>
<context>
    <name>sy::ui::AgentsEditor</name>
    <message>
        <source>Each agent class (sent as X-Agent-Class, or as the model name agent:NAME) tries its models in order: the first is the primary, the rest are fallbacks. &quot;default&quot; serves classes not listed.</source>
        <translation>Jede Agentenklasse (gesendet als X-Agent-Class oder als Modellname agent:NAME) probiert ihre Modelle der Reihe nach: das erste ist das primäre, die übrigen sind Ausweichmodelle. „default“ bedient nicht aufgeführte Klassen.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Agent classes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Agentenklassen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Models, primary first (drag to reorder)</source>
        <translation>Modelle, primäres zuerst (zum Umordnen ziehen)</translation>
    </message>
    <message>
        <source>Parameters for every model of this agent</source>
        <translation>Parameter für jedes Modell dieses Agenten</translation>
    </message>
    <message>
        <source>Overrides for the selected model</source>
        <translation>Abweichungen für das ausgewählte Modell</translation>
    </message>
    <message>
        <source>Add an agent class to give it a model list.</source>
        <translation>Fügen Sie eine Agentenklasse hinzu, um ihr eine Modellliste zu geben.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Select a model in the list to override parameters for it alone.</source>
        <translation>Wählen Sie ein Modell in der Liste, um Parameter nur für dieses zu ändern.</translation>
    </message>
    <message>
        <source>Used when this agent&apos;s request is served by &lt;b&gt;%1&lt;/b&gt;; they win over the agent&apos;s.</source>
        <translation>Gilt, wenn eine Anfrage dieses Agenten von &lt;b&gt;%1&lt;/b&gt; bedient wird; sie haben Vorrang vor denen des Agenten.</translation>
    </message>
    <message>
        <source>Add agent class</source>
        <translation>Agentenklasse hinzufügen</translation>
    </message>
    <message>
        <source>Agent class (as clients send it in X-Agent-Class):</source>
        <translation>Agentenklasse (wie Clients sie in X-Agent-Class senden):</translation>
    </message>
</context>
<context>
    <name>sy::ui::ApplyBar</name>
    <message>
        <source>+ %1 = %2</source>
        <translation>+ %1 = %2</translation>
    </message>
    <message>
        <source>- %1 (was %2)</source>
        <translation>- %1 (war %2)</translation>
    </message>
    <message>
        <source>~ %1: %2 → %3</source>
        <translation>~ %1: %2 → %3</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation>Anwenden…</translation>
    </message>
    <message>
        <source>The config was changed elsewhere. Revert to see it, or apply yours over it.</source>
        <translation>Die Konfiguration wurde anderswo geändert. Setzen Sie zurück, um sie zu sehen, oder wenden Sie Ihre darüber an.</translation>
    </message>
    <message>
        <source>Waiting for the config…</source>
        <translation>Warte auf die Konfiguration…</translation>
    </message>
    <message>
        <source>Changes not applied yet.</source>
        <translation>Änderungen noch nicht angewendet.</translation>
    </message>
    <message>
        <source>This is the running config.</source>
        <translation>Dies ist die laufende Konfiguration.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Prüfe…</translation>
    </message>
    <message numerus="yes">
        <source>Not applied: %n problem(s), shown next to the fields.</source>
        <translation>
            <numerusform>Nicht angewendet: %n Problem, neben dem Feld angezeigt.</numerusform>
            <numerusform>Nicht angewendet: %n Probleme, neben den Feldern angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply these changes?</source>
        <translation>Diese Änderungen anwenden?</translation>
    </message>
    <message>
        <source>The running config will change like this (at once, without a restart):</source>
        <translation>Die laufende Konfiguration ändert sich so (sofort, ohne Neustart):</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Wende an…</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n change(s).</source>
        <translation>
            <numerusform>%n Änderung angewendet.</numerusform>
            <numerusform>%n Änderungen angewendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>It will be taken, but this will not work as it stands:</source>
        <translation>Sie wird übernommen, aber so wird das nicht funktionieren:</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
</context>
<context>
    <name>sy::ui::AttachDialog</name>
    <message>
        <source>Attach to a Switchyard</source>
        <translation>Mit einem Switchyard verbinden</translation>
    </message>
    <message>
        <source>SWITCHYARD_ADMIN_TOKEN of that core</source>
        <translation>SWITCHYARD_ADMIN_TOKEN dieses Kerns</translation>
    </message>
    <message>
        <source>The window can watch and control a Switchyard running elsewhere (e.g. &lt;code&gt;switchyard --headless&lt;/code&gt; on a server). Its admin token is in that machine&apos;s config directory (&lt;code&gt;admin-token&lt;/code&gt;) or its SWITCHYARD_ADMIN_TOKEN.</source>
        <translation>Das Fenster kann einen Switchyard beobachten und steuern, der anderswo läuft (z. B. &lt;code&gt;switchyard --headless&lt;/code&gt; auf einem Server). Sein Admin-Token steht im Konfigurationsverzeichnis dieses Rechners (&lt;code&gt;admin-token&lt;/code&gt;) oder in seinem SWITCHYARD_ADMIN_TOKEN.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>Admin-Token</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>The address must look like http://host:port.</source>
        <translation>Die Adresse muss wie http://host:port aussehen.</translation>
    </message>
    <message>
        <source>The core refuses the management API without its admin token.</source>
        <translation>Ohne sein Admin-Token verweigert der Kern die Verwaltungs-API.</translation>
    </message>
</context>
<context>
    <name>sy::ui::CatalogEditor</name>
    <message>
        <source>The models clients can ask for. A model of a managed backend is a server Switchyard starts with its launch command.</source>
        <translation>Die Modelle, die Clients anfragen können. Ein Modell eines verwalteten Backends ist ein Server, den Switchyard mit seinem Startbefehl startet.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>same as the id</source>
        <translation>wie die Id</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>durch Kommas getrennt</translation>
    </message>
    <message>
        <source>none; e.g. temperature, top_p</source>
        <translation>keine; z. B. temperature, top_p</translation>
    </message>
    <message>
        <source>Taken out of every client request to this model, so that the parameters above apply instead</source>
        <translation>Werden aus jeder Client-Anfrage an dieses Modell entfernt, damit stattdessen die Parameter oben gelten</translation>
    </message>
    <message>
        <source>Strip from requests</source>
        <translation>Aus Anfragen entfernen</translation>
    </message>
    <message>
        <source>${PORT}, ${HOST} and ${MODEL} are filled in; must contain ${PORT}</source>
        <translation>${PORT}, ${HOST} und ${MODEL} werden eingesetzt; muss ${PORT} enthalten</translation>
    </message>
    <message>
        <source>default (60 s)</source>
        <translation>Standard (60 s)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>pool default</source>
        <translation>Pool-Standard</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Load at start-up</source>
        <translation>Beim Start laden</translation>
    </message>
    <message>
        <source>none; models of one group swap</source>
        <translation>keine; Modelle einer Gruppe wechseln sich ab</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Upstream name</source>
        <translation>Upstream-Name</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
    <message>
        <source>Launch command</source>
        <translation>Startbefehl</translation>
    </message>
    <message>
        <source>Health path</source>
        <translation>Health-Pfad</translation>
    </message>
    <message>
        <source>Load timeout</source>
        <translation>Lade-Timeout</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>Kontextgröße</translation>
    </message>
    <message>
        <source>Idle TTL</source>
        <translation>Leerlauf-TTL</translation>
    </message>
    <message>
        <source>Max concurrent</source>
        <translation>Max. gleichzeitig</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>Modell hinzufügen</translation>
    </message>
    <message>
        <source>Model id (the name clients ask for):</source>
        <translation>Modell-Id (der Name, den Clients anfragen):</translation>
    </message>
    <message>
        <source>-m: a .gguf file</source>
        <translation>-m: eine .gguf-Datei</translation>
    </message>
    <message>
        <source>A path on the machine Switchyard runs on; applying warns when it does not exist there</source>
        <translation>Ein Pfad auf dem Rechner, auf dem Switchyard läuft; beim Übernehmen gibt es eine Warnung, wenn es ihn dort nicht gibt</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>-ngl: layers to put on the GPU (999: all)</source>
        <translation>-ngl: Schichten auf der GPU (999: alle)</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU-Schichten</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>Angegeben</translation>
    </message>
    <message>
        <source>Only these: requests that need another capability skip this model</source>
        <translation>Nur diese: Anfragen, die eine andere Fähigkeit brauchen, überspringen dieses Modell</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Never unloaded by its TTL or for memory</source>
        <translation>Nie wegen seiner TTL oder aus Speichergründen entladen</translation>
    </message>
</context>
<context>
    <name>sy::ui::ChartsView</name>
    <message>
        <source>Memory per model</source>
        <translation>Speicher pro Modell</translation>
    </message>
    <message>
        <source>Requests and latency</source>
        <translation>Anfragen und Latenz</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>latency p50</source>
        <translation>Latenz p50</translation>
    </message>
    <message>
        <source>latency p95</source>
        <translation>Latenz p95</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Memory per model — no model loaded in this window</source>
        <translation>Speicher pro Modell — in diesem Zeitraum war kein Modell geladen</translation>
    </message>
    <message>
        <source>Requests and latency — no requests in this window</source>
        <translation>Anfragen und Latenz — keine Anfragen in diesem Zeitraum</translation>
    </message>
    <message>
        <source>peaks up to %1 ms above the scale</source>
        <translation>Spitzen bis %1 ms über der Skala</translation>
    </message>
    <message>
        <source>Tokens per second — no tokens generated in this window</source>
        <translation>Tokens pro Sekunde — in diesem Zeitraum keine Tokens erzeugt</translation>
    </message>
    <message>
        <source>Last %1 minutes</source>
        <translation>Letzte %1 Minuten</translation>
    </message>
</context>
<context>
    <name>sy::ui::ColumnChooser</name>
    <message>
        <source>%1 (no room)</source>
        <translation>%1 (kein Platz)</translation>
    </message>
</context>
<context>
    <name>sy::ui::ConfigDocument</name>
    <message>
        <source>agent %1</source>
        <translation>Agent %1</translation>
    </message>
    <message>
        <source>mode %1</source>
        <translation>Modus %1</translation>
    </message>
    <message>
        <source>pool %1</source>
        <translation>Pool %1</translation>
    </message>
</context>
<context>
    <name>sy::ui::ConnectView</name>
    <message>
        <source>Point any client at this Switchyard: it speaks each API below on one port, and the model name the client sends decides where the request goes. More clients and what each sends: docs/clients.md.</source>
        <translation>So verbinden Sie einen Client mit diesem Switchyard: Er spricht jede der APIs unten auf einem Port, und der Modellname, den der Client sendet, entscheidet, wohin die Anfrage geht. Weitere Clients und was sie senden: docs/clients.md.</translation>
    </message>
    <message>
        <source>Any name /v1/models lists: a model, an alias, auto, agent:…, role:…, mode:…</source>
        <translation>Jeder Name, den /v1/models nennt: ein Modell, ein Alias, auto, agent:…, role:…, mode:…</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>This Switchyard asks for a client key (server.clientKeys). The snippets read it from $SWITCHYARD_KEY: set that to the key this client should use.</source>
        <translation>Dieser Switchyard verlangt einen Client-Schlüssel (server.clientKeys). Die Beispiele lesen ihn aus $SWITCHYARD_KEY: Setzen Sie diese Variable auf den Schlüssel dieses Clients.</translation>
    </message>
    <message>
        <source>None needed (server.clientKeys is empty); clients that insist on one can send anything.</source>
        <translation>Keiner nötig (server.clientKeys ist leer); Clients, die einen verlangen, können irgendetwas senden.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>sy::ui::CoreLink</name>
    <message>
        <source>the core refused the admin token (401)</source>
        <translation>der Kern hat das Admin-Token abgelehnt (401)</translation>
    </message>
</context>
<context>
    <name>sy::ui::DashboardView</name>
    <message>
        <source>Filter models (name, backend, state)…</source>
        <translation>Modelle filtern (Name, Backend, Zustand)…</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Anheften</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Reset cooldown</source>
        <translation>Abkühlung zurücksetzen</translation>
    </message>
    <message>
        <source>Show logs</source>
        <translation>Protokoll zeigen</translation>
    </message>
    <message>
        <source>Copy name</source>
        <translation>Namen kopieren</translation>
    </message>
    <message>
        <source>Unload all</source>
        <translation>Alle entladen</translation>
    </message>
    <message>
        <source>Unload every loaded model this Switchyard can unload</source>
        <translation>Jedes geladene Modell entladen, das dieses Switchyard entladen kann</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is pinned. Unload it anyway?</source>
        <translation>„%1“ ist angeheftet. Trotzdem entladen?</translation>
    </message>
    <message numerus="yes">
        <source>Unload %n model(s), %1 of them pinned?</source>
        <translation>
            <numerusform>%n Modell entladen, davon %1 angeheftet?</numerusform>
            <numerusform>%n Modelle entladen, davon %1 angeheftet?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unload %n model(s)?</source>
        <translation>
            <numerusform>%n Modell entladen?</numerusform>
            <numerusform>%n Modelle entladen?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sy::ui::EditorPage</name>
    <message>
        <source>The built-in demo pool is running: its simulated models (demo-…) and their agents, pools and modes are added at start-up, not read from the config file, so they are not listed here. What you add here is saved to the file and works next to them.</source>
        <translation>Der eingebaute Demo-Pool läuft: seine simulierten Modelle (demo-…) und deren Agenten, Pools und Modi werden beim Start hinzugefügt und nicht aus der Konfigurationsdatei gelesen; deshalb stehen sie hier nicht. Was Sie hier hinzufügen, wird in der Datei gespeichert und wirkt neben ihnen.</translation>
    </message>
    <message>
        <source>Yours replace the demo&apos;s %1: requests for them go to the models you list, not to the demo&apos;s.</source>
        <translation>Ihre ersetzen die der Demo (%1): Anfragen dafür gehen an die Modelle, die Sie nennen, nicht an die der Demo.</translation>
    </message>
</context>
<context>
    <name>sy::ui::LogsView</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Filter text…</source>
        <translation>Text filtern…</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Switchyard</source>
        <translation>Switchyard</translation>
    </message>
    <message>
        <source>Model server: %1</source>
        <translation>Modellserver: %1</translation>
    </message>
    <message>
        <source>(no output yet: the model has not been started)</source>
        <translation>(noch keine Ausgabe: das Modell wurde nicht gestartet)</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save the lines shown to a file</source>
        <translation>Die angezeigten Zeilen in eine Datei speichern</translation>
    </message>
    <message>
        <source>Save log</source>
        <translation>Protokoll speichern</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The log could not be saved: %1</source>
        <translation>Das Protokoll konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>sy::ui::MainWindow</name>
    <message>
        <source>Switchyard</source>
        <translation>Switchyard</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Route preview</source>
        <translation>Routenvorschau</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Pools and modes</source>
        <translation>Pools und Modi</translation>
    </message>
    <message>
        <source>Fallback and TTL</source>
        <translation>Ausweichen und TTL</translation>
    </message>
    <message>
        <source>Model catalog</source>
        <translation>Modellkatalog</translation>
    </message>
    <message>
        <source>Editors</source>
        <translation>Editoren</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Strg+%1</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>URL kopieren</translation>
    </message>
    <message>
        <source>Copy the OpenAI-compatible base URL</source>
        <translation>Die OpenAI-kompatible Basis-URL kopieren</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <source>&amp;Switchyard</source>
        <translation>&amp;Switchyard</translation>
    </message>
    <message>
        <source>&amp;Attach to…</source>
        <translation>&amp;Verbinden mit…</translation>
    </message>
    <message>
        <source>Attach to this &amp;computer&apos;s core</source>
        <translation>Mit dem Kern dieses &amp;Computers verbinden</translation>
    </message>
    <message>
        <source>&amp;Close to tray</source>
        <translation>Beim Schließen in den &amp;Infobereich</translation>
    </message>
    <message>
        <source>Closing the window keeps Switchyard running in the tray</source>
        <translation>Schließen des Fensters lässt Switchyard im Infobereich weiterlaufen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The language changes the next time Switchyard starts.</source>
        <translation>Die Sprache wechselt beim nächsten Start von Switchyard.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Switchyard</source>
        <translation>Über &amp;Switchyard</translation>
    </message>
    <message>
        <source>About Switchyard</source>
        <translation>Über Switchyard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Switchyard %1&lt;/h3&gt;&lt;p&gt;A local LLM control center: one endpoint for every client, routing with fallbacks, and the pool of local model servers.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Switchyard %1&lt;/h3&gt;&lt;p&gt;Eine lokale LLM-Steuerzentrale: ein Endpunkt für jeden Client, Routing mit Ausweichmodellen und der Pool lokaler Modellserver.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Show Switchyard</source>
        <translation>Switchyard zeigen</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Reconnecting to %1 (%2)…</source>
        <translation>Verbinde erneut mit %1 (%2)…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>OpenAI base URL: %1/v1</source>
        <translation>OpenAI-Basis-URL: %1/v1</translation>
    </message>
    <message>
        <source>Switchyard — %1</source>
        <translation>Switchyard — %1</translation>
    </message>
    <message>
        <source>Switchyard (not connected)</source>
        <translation>Switchyard (nicht verbunden)</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n Modell</numerusform>
            <numerusform>%n Modelle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n loaded</source>
        <translation>
            <numerusform>%n geladen</numerusform>
            <numerusform>%n geladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Model %1 failed</source>
        <translation>Modell %1 ist ausgefallen</translation>
    </message>
    <message>
        <source>Switchyard keeps running</source>
        <translation>Switchyard läuft weiter</translation>
    </message>
    <message>
        <source>The router and your models stay up; quit from this icon&apos;s menu.</source>
        <translation>Router und Modelle laufen weiter; beenden Sie über das Menü dieses Symbols.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <source>Connect a client</source>
        <translation>Client verbinden</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
</context>
<context>
    <name>sy::ui::ModelGroupProxy</name>
    <message>
        <source>this machine</source>
        <translation>dieser Rechner</translation>
    </message>
    <message>
        <source>Models this Switchyard runs or reaches itself</source>
        <translation>Modelle, die dieses Switchyard selbst betreibt oder erreicht</translation>
    </message>
    <message>
        <source>Models of node &quot;%1&quot;</source>
        <translation>Modelle des Knotens „%1“</translation>
    </message>
</context>
<context>
    <name>sy::ui::ModelStatusPanel</name>
    <message>
        <source>Show logs</source>
        <translation>Protokoll zeigen</translation>
    </message>
    <message>
        <source>Load again</source>
        <translation>Erneut laden</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 ist ausgefallen: %2</translation>
    </message>
    <message>
        <source>%1 failed last time: %2</source>
        <translation>%1 ist zuletzt ausgefallen: %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 is loading: %2 (gives up after %3)</source>
        <translation>%1 wird geladen: %2 (Abbruch nach %3)</translation>
    </message>
    <message>
        <source>%1 is loading: %2</source>
        <translation>%1 wird geladen: %2</translation>
    </message>
</context>
<context>
    <name>sy::ui::ModelTableModel</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>Abkühlung</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>cold</source>
        <translation>kalt</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>hot</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>beschäftigt</translation>
    </message>
    <message>
        <source>unloading</source>
        <translation>entlädt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>remote</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>%1 on %2 as %3</source>
        <translation>%1 auf %2 als %3</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>angeheftet</translation>
    </message>
    <message>
        <source> + %1 GPU</source>
        <translation> + %1 GPU</translation>
    </message>
    <message>
        <source>Exclusive group &quot;%1&quot;: one member is loaded at a time; a pinned member keeps the others out</source>
        <translation>Exklusive Gruppe &quot;%1&quot;: Es ist immer nur ein Mitglied geladen; ein angeheftetes Mitglied hält die anderen fern</translation>
    </message>
    <message>
        <source>%1 · group %2</source>
        <translation>%1 · Gruppe %2</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>In flight /
queued</source>
        <translation>Laufend /
wartend</translation>
    </message>
</context>
<context>
    <name>sy::ui::OrderedList</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Move up (primary first)</source>
        <translation>Nach oben (primäres zuerst)</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
</context>
<context>
    <name>sy::ui::ParamsTable</name>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add parameter</source>
        <translation>Parameter hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>sy::ui::PlaygroundView</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Any name /v1/models lists: a model, an alias, auto, agent:…, role:…, mode:…</source>
        <translation>Jeder Name, den /v1/models nennt: ein Modell, ein Alias, auto, agent:…, role:…, mode:…</translation>
    </message>
    <message>
        <source>only when server.clientKeys is set; not stored</source>
        <translation>nur wenn server.clientKeys gesetzt ist; wird nicht gespeichert</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>Client-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>A message (Ctrl+Enter sends)</source>
        <translation>Eine Nachricht (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>&lt;b&gt;How it was routed&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wie geroutet wurde&lt;/b&gt;</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Warte auf %1…</translation>
    </message>
    <message>
        <source>Stopped after %1 ms.</source>
        <translation>Nach %1 ms angehalten.</translation>
    </message>
    <message>
        <source>[error %1: %2]</source>
        <translation>[Fehler %1: %2]</translation>
    </message>
    <message>
        <source>Refused: %1 %2</source>
        <translation>Abgelehnt: %1 %2</translation>
    </message>
    <message>
        <source>Served by %1 (route %2) in %3 ms</source>
        <translation>Beantwortet von %1 (Route %2) in %3 ms</translation>
    </message>
    <message>
        <source>, first token after %1 ms</source>
        <translation>, erstes Token nach %1 ms</translation>
    </message>
    <message>
        <source>, %1 tokens at %2 tokens/s</source>
        <translation>, %1 Tokens mit %2 Tokens/s</translation>
    </message>
    <message>
        <source>, %1 tokens</source>
        <translation>, %1 Tokens</translation>
    </message>
    <message>
        <source> [broken off: %1]</source>
        <translation> [abgebrochen: %1]</translation>
    </message>
    <message>
        <source>Served by %1 (route %2), broken off after %3 ms: %4</source>
        <translation>Beantwortet von %1 (Route %2), nach %3 ms abgebrochen: %4</translation>
    </message>
</context>
<context>
    <name>sy::ui::PoolsEditor</name>
    <message>
        <source>A request with a role (X-Switchyard-Role, or the model name role:ROLE/PRODUCT) tries the models of its role and product type in order; a product type not listed uses the role&apos;s &quot;default&quot;. Double-click a cell to edit it.</source>
        <translation>Eine Anfrage mit einer Rolle (X-Switchyard-Role oder Modellname role:ROLLE/PRODUKT) probiert die Modelle ihrer Rolle und ihres Produkttyps der Reihe nach; ein nicht aufgeführter Produkttyp nutzt „default“ der Rolle. Doppelklicken Sie auf eine Zelle, um sie zu bearbeiten.</translation>
    </message>
    <message>
        <source>Role pools</source>
        <translation>Rollen-Pools</translation>
    </message>
    <message>
        <source>Edit cell…</source>
        <translation>Zelle bearbeiten…</translation>
    </message>
    <message>
        <source>Clear cell</source>
        <translation>Zelle leeren</translation>
    </message>
    <message>
        <source>Add role…</source>
        <translation>Rolle hinzufügen…</translation>
    </message>
    <message>
        <source>Add product type…</source>
        <translation>Produkttyp hinzufügen…</translation>
    </message>
    <message>
        <source>Modes (X-Switchyard-Mode, or the model name mode:eco / mode:fast)</source>
        <translation>Modi (X-Switchyard-Mode oder Modellname mode:eco / mode:fast)</translation>
    </message>
    <message>
        <source>eco: cheapest first</source>
        <translation>eco: günstigstes zuerst</translation>
    </message>
    <message>
        <source>fast: quickest first</source>
        <translation>fast: schnellstes zuerst</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <source>Tried in this order: %1</source>
        <translation>In dieser Reihenfolge probiert: %1</translation>
    </message>
    <message>
        <source>Pool %1 / %2</source>
        <translation>Pool %1 / %2</translation>
    </message>
    <message>
        <source>Models for role &lt;b&gt;%1&lt;/b&gt;, product type &lt;b&gt;%2&lt;/b&gt;, tried in this order:</source>
        <translation>Modelle für Rolle &lt;b&gt;%1&lt;/b&gt;, Produkttyp &lt;b&gt;%2&lt;/b&gt;, in dieser Reihenfolge probiert:</translation>
    </message>
    <message>
        <source>Add role</source>
        <translation>Rolle hinzufügen</translation>
    </message>
    <message>
        <source>Role (as clients send it in X-Switchyard-Role):</source>
        <translation>Rolle (wie Clients sie in X-Switchyard-Role senden):</translation>
    </message>
    <message>
        <source>Add product type</source>
        <translation>Produkttyp hinzufügen</translation>
    </message>
    <message>
        <source>Product type (X-Switchyard-Product):</source>
        <translation>Produkttyp (X-Switchyard-Product):</translation>
    </message>
</context>
<context>
    <name>sy::ui::RequestTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Angefragt</translation>
    </message>
    <message>
        <source>Served by</source>
        <translation>Bedient von</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>499 (client left)</source>
        <translation>499 (Client gegangen)</translation>
    </message>
</context>
<context>
    <name>sy::ui::RequestsView</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>&lt;b&gt;Attempts&lt;/b&gt;</source>
        <translation>&lt;b&gt;Versuche&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why this model (explain trace)&lt;/b&gt;</source>
        <translation>&lt;b&gt;Warum dieses Modell (Entscheidungsprotokoll)&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select a request to see how it was routed.</source>
        <translation>Wählen Sie eine Anfrage, um zu sehen, wie sie geroutet wurde.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 %3 · asked for &lt;b&gt;%4&lt;/b&gt;, served by &lt;b&gt;%5&lt;/b&gt; (route %6) · status %7 · %8 ms</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 %3 · angefragt &lt;b&gt;%4&lt;/b&gt;, bedient von &lt;b&gt;%5&lt;/b&gt; (Route %6) · Status %7 · %8 ms</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>niemandem</translation>
    </message>
    <message>
        <source>params added: %1</source>
        <translation>hinzugefügte Parameter: %1</translation>
    </message>
    <message>
        <source>(the trace is kept in the history; it is off or still being written)</source>
        <translation>(das Protokoll steht im Verlauf; der ist aus oder wird noch geschrieben)</translation>
    </message>
    <message>
        <source>Search id, client, model, error…</source>
        <translation>ID, Client, Modell, Fehler suchen…</translation>
    </message>
    <message>
        <source>Search requests</source>
        <translation>Anfragen durchsuchen</translation>
    </message>
    <message>
        <source>All requests</source>
        <translation>Alle Anfragen</translation>
    </message>
    <message>
        <source>Failed only</source>
        <translation>Nur fehlgeschlagene</translation>
    </message>
    <message>
        <source>Succeeded only</source>
        <translation>Nur erfolgreiche</translation>
    </message>
    <message>
        <source>Show requests</source>
        <translation>Anfragen anzeigen</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Save the requests shown as CSV or JSON Lines</source>
        <translation>Die angezeigten Anfragen als CSV oder JSON Lines speichern</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Export requests</source>
        <translation>Anfragen exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>sy::ui::RoutePreviewView</name>
    <message>
        <source>Sends tools</source>
        <translation>Sendet Werkzeuge</translation>
    </message>
    <message>
        <source>Contains an image</source>
        <translation>Enthält ein Bild</translation>
    </message>
    <message>
        <source>Preview route</source>
        <translation>Route vorschauen</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Upstream name</source>
        <translation>Upstream-Name</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Geladen</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>A model id or alias, a prefixed name, agent:NAME, role:ROLE/PRODUCT, mode:eco, or auto</source>
        <translation>Eine Modell-Id oder ein Alias, ein Name mit Präfix, agent:NAME, role:ROLLE/PRODUKT, mode:eco oder auto</translation>
    </message>
    <message>
        <source>X-Agent-Class (optional)</source>
        <translation>X-Agent-Class (optional)</translation>
    </message>
    <message>
        <source>X-Switchyard-Role</source>
        <translation>X-Switchyard-Role</translation>
    </message>
    <message>
        <source>X-Switchyard-Product</source>
        <translation>X-Switchyard-Product</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>The prompt, as the user message (auto routing reads its task type from it)</source>
        <translation>Der Prompt als Benutzernachricht (auto-Routing liest daraus die Aufgabenart)</translation>
    </message>
    <message>
        <source>Agent class</source>
        <translation>Agentenklasse</translation>
    </message>
    <message>
        <source>Role / product</source>
        <translation>Rolle / Produkt</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why (explain trace)&lt;/b&gt;</source>
        <translation>&lt;b&gt;Warum (Entscheidungsprotokoll)&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nothing is called and no model is loaded: this only asks the router what it would do.</source>
        <translation>Nichts wird aufgerufen und kein Modell geladen: Dies fragt den Router nur, was er tun würde.</translation>
    </message>
    <message>
        <source>Could not ask the core: %1</source>
        <translation>Der Kern war nicht erreichbar: %1</translation>
    </message>
    <message numerus="yes">
        <source>Served by &lt;b&gt;%1&lt;/b&gt; (route &lt;b&gt;%2&lt;/b&gt;); if it fails, the next in the chain is tried, at most %n attempt(s).</source>
        <translation>
            <numerusform>Bedient von &lt;b&gt;%1&lt;/b&gt; (Route &lt;b&gt;%2&lt;/b&gt;); schlägt es fehl, wird das nächste der Kette probiert, höchstens %n Versuch.</numerusform>
            <numerusform>Bedient von &lt;b&gt;%1&lt;/b&gt; (Route &lt;b&gt;%2&lt;/b&gt;); schlägt es fehl, wird das nächste der Kette probiert, höchstens %n Versuche.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c83232&apos;&gt;Nothing would serve it: %1 (HTTP %2)&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c83232&apos;&gt;Nichts würde sie bedienen: %1 (HTTP %2)&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>sy::ui::SettingsEditor</name>
    <message>
        <source>How requests fall back, when models unload, and how much they may take. Applied at once, without a restart.</source>
        <translation>Wie Anfragen ausweichen, wann Modelle entladen werden und wie viel sie belegen dürfen. Wirkt sofort, ohne Neustart.</translation>
    </message>
    <message>
        <source>Keep every request in the history</source>
        <translation>Jede Anfrage im Verlauf behalten</translation>
    </message>
    <message>
        <source>Fallback</source>
        <translation>Ausweichen</translation>
    </message>
    <message>
        <source>Max attempts</source>
        <translation>Max. Versuche</translation>
    </message>
    <message>
        <source>Candidates tried per request before the last error is returned</source>
        <translation>Kandidaten pro Anfrage, bevor der letzte Fehler zurückgegeben wird</translation>
    </message>
    <message>
        <source>First-byte timeout</source>
        <translation>Timeout bis zum ersten Byte</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Time to the first byte of an upstream&apos;s answer</source>
        <translation>Zeit bis zum ersten Byte der Antwort eines Upstreams</translation>
    </message>
    <message>
        <source>Total timeout</source>
        <translation>Gesamt-Timeout</translation>
    </message>
    <message>
        <source>Time for a whole attempt (0 = none)</source>
        <translation>Zeit für einen ganzen Versuch (0 = keine)</translation>
    </message>
    <message>
        <source>Failures to cool down</source>
        <translation>Fehler bis zur Abkühlung</translation>
    </message>
    <message>
        <source>Failures within the window that put a model in cooldown</source>
        <translation>Fehler innerhalb des Fensters, die ein Modell abkühlen lassen</translation>
    </message>
    <message>
        <source>Failure window</source>
        <translation>Fehlerfenster</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>Abkühlung</translation>
    </message>
    <message>
        <source>How long a cooling model is skipped (0 = never cool down)</source>
        <translation>Wie lange ein abkühlendes Modell übersprungen wird (0 = nie abkühlen)</translation>
    </message>
    <message>
        <source>Model pool</source>
        <translation>Modell-Pool</translation>
    </message>
    <message>
        <source>Default idle TTL</source>
        <translation>Standard-Leerlauf-TTL</translation>
    </message>
    <message>
        <source>Unload a model after this long idle (0 = never)</source>
        <translation>Ein Modell nach so langem Leerlauf entladen (0 = nie)</translation>
    </message>
    <message>
        <source>Memory budget</source>
        <translation>Speicherbudget</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Loading past it first unloads idle, unpinned models (0 = no budget)</source>
        <translation>Wer darüber lädt, entlädt zuerst ruhende, nicht angeheftete Modelle (0 = kein Budget)</translation>
    </message>
    <message>
        <source>First port</source>
        <translation>Erster Port</translation>
    </message>
    <message>
        <source>Ports for launched model servers</source>
        <translation>Ports für gestartete Modellserver</translation>
    </message>
    <message>
        <source>Last port</source>
        <translation>Letzter Port</translation>
    </message>
    <message>
        <source>Routing and history</source>
        <translation>Routing und Verlauf</translation>
    </message>
    <message>
        <source>Loaded first among equals</source>
        <translation>Geladene zuerst bei Gleichstand</translation>
    </message>
    <message>
        <source>Loaded first always</source>
        <translation>Geladene immer zuerst</translation>
    </message>
    <message>
        <source>Keep the configured order</source>
        <translation>Konfigurierte Reihenfolge beibehalten</translation>
    </message>
    <message>
        <source>Prefer warm models</source>
        <translation>Warme Modelle bevorzugen</translation>
    </message>
    <message>
        <source>Keep history for</source>
        <translation>Verlauf behalten für</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Keep at most</source>
        <translation>Höchstens behalten</translation>
    </message>
    <message>
        <source> requests</source>
        <translation> Anfragen</translation>
    </message>
    <message>
        <source>Idle TTL per model</source>
        <translation>Leerlauf-TTL pro Modell</translation>
    </message>
    <message>
        <source>pool default</source>
        <translation>Pool-Standard</translation>
    </message>
    <message>
        <source>0 = never unload</source>
        <translation>0 = nie entladen</translation>
    </message>
    <message>
        <source>The config file has no models of its own yet.</source>
        <translation>Die Konfigurationsdatei hat noch keine eigenen Modelle.</translation>
    </message>
</context>
<context>
    <name>sy::ui::SystemPanel</name>
    <message>
        <source>%1 of %2%3</source>
        <translation>%1 von %2%3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU-Speicher</translation>
    </message>
    <message>
        <source>System memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Models / budget</source>
        <translation>Modelle / Budget</translation>
    </message>
    <message>
        <source> (no budget)</source>
        <translation> (kein Budget)</translation>
    </message>
    <message numerus="yes">
        <source>%n model server(s) running, ports %1-%2</source>
        <translation>
            <numerusform>%n Modellserver läuft, Ports %1-%2</numerusform>
            <numerusform>%n Modellserver laufen, Ports %1-%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ollama &quot;%1&quot;: %n model(s)</source>
        <translation>
            <numerusform>Ollama „%1“: %n Modell</numerusform>
            <numerusform>Ollama „%1“: %n Modelle</numerusform>
        </translation>
    </message>
    <message>
        <source>Ollama &quot;%1&quot; unreachable</source>
        <translation>Ollama „%1“ nicht erreichbar</translation>
    </message>
    <message>
        <source>demo pool of simulated models</source>
        <translation>Demo-Pool simulierter Modelle</translation>
    </message>
    <message>
        <source>node &quot;%1&quot; unreachable</source>
        <translation>Knoten „%1“ nicht erreichbar</translation>
    </message>
    <message numerus="yes">
        <source>node &quot;%1&quot;: %n model(s)</source>
        <translation>
            <numerusform>Knoten „%1“: %n Modell</numerusform>
            <numerusform>Knoten „%1“: %n Modelle</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 memory used</source>
        <translation>%1 von %2 Speicher belegt</translation>
    </message>
    <message>
        <source>GPU %1 of %2</source>
        <translation>GPU %1 von %2</translation>
    </message>
</context>
<context>
    <name>sy::ui::TraceTree</name>
    <message>
        <source>score %1</source>
        <translation>Wertung %1</translation>
    </message>
</context>
</TS>
