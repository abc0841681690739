<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CertificateCard</name>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="+131"/>
        <source>%1 (SIREN %2)</source>
        <translation>%1 (SIREN %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by %1</source>
        <translation>Émis par %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From %1 to %2</source>
        <translation>Du %1 au %2</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Renew…</source>
        <translation>Renouveler…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoke…</source>
        <translation>Révoquer…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The key on the token does not match this certificate: it cannot sign.</source>
        <translation>La clé privée de la clé USB ne correspond pas à ce certificat&#xa0;: il ne peut pas signer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No private key for this certificate on the token: it cannot sign.</source>
        <translation>Aucune clé privée pour ce certificat sur la clé USB&#xa0;: il ne peut pas signer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Certification chain incomplete: an intermediate certificate is missing.</source>
        <translation>Chaîne de certification incomplète&#xa0;: il manque un certificat intermédiaire.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The root authority of this certificate is not a recognised one.</source>
        <translation>L&apos;autorité racine de ce certificat n&apos;est pas reconnue.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Revocation: checking…</source>
        <translation>Révocation&#xa0;: vérification…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This certificate was revoked on %1.</source>
        <translation>Ce certificat a été révoqué le %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This certificate was revoked.</source>
        <translation>Ce certificat a été révoqué.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revocation: not revoked.</source>
        <translation>Révocation&#xa0;: non révoqué.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revocation: not checked, the server did not answer.</source>
        <translation>Révocation&#xa0;: non vérifiée, le serveur n&apos;a pas répondu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revocation: could not be checked.</source>
        <translation>Révocation&#xa0;: n&apos;a pas pu être vérifiée.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>level unknown</source>
        <translation>niveau inconnu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>eIDAS qualified</source>
        <translation>qualifié eIDAS</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="+43"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Price</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hours (Paris time)</source>
        <translation>Horaires (heure de Paris)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Right now</source>
        <translation>En ce moment</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Driver download</source>
        <translation>Téléchargement du pilote</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open now, until %1</source>
        <translation>Ouvert en ce moment, jusqu&apos;à %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed</source>
        <translation>Fermé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Closed now, opens today at %1</source>
        <translation>Fermé en ce moment, ouvre aujourd&apos;hui à %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed now, opens tomorrow at %1</source>
        <translation>Fermé en ce moment, ouvre demain à %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed now, opens %1 at %2</source>
        <translation>Fermé en ce moment, ouvre %1 à %2</translation>
    </message>
</context>
<context>
    <name>DetailsExpander</name>
    <message>
        <location filename="../../certhelper/gui/details.py" line="+21"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <location filename="../../certhelper/gui/findings_view.py" line="+66"/>
        <source>What to do…</source>
        <translation>Que faire&#x202f;?</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 — token “%2”</source>
        <translation>%1 — clé «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Token “%1”</source>
        <translation>Clé «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Information</source>
        <translation>Information</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <location line="+14"/>
        <source>Nothing to do: all is in order.</source>
        <translation>Rien à faire&#xa0;: tout est en ordre.</translation>
    </message>
</context>
<context>
    <name>GuideWizard</name>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="+72"/>
        <source>Who to contact</source>
        <translation>Qui contacter</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>I understand that a revocation cannot be undone</source>
        <translation>J&apos;ai compris qu&apos;une révocation est définitive</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This certificate expired on %1: order a new one today.</source>
        <translation>Ce certificat a expiré le %1&#xa0;: commandez-en un nouveau aujourd&apos;hui.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n jour restant</numerusform>
            <numerusform>%n jours restants</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (until %2), and %3: order today.</source>
        <translation>%1 (jusqu&apos;au %2), et %3&#xa0;: commandez aujourd&apos;hui.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (until %2), and %3: order by %4 at the latest.</source>
        <translation>%1 (jusqu&apos;au %2), et %3&#xa0;: commandez au plus tard le %4.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PIN unlock request, token %1</source>
        <translation>Demande de déblocage du code PIN, clé %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hello,

The PIN of my certificate token is locked (or nearly). Could you send me the PIN unlock e-mail?

Token serial number: %1
Certificate holder: %2
Organisation: %3
Certificate fingerprint (SHA-256): %4

Thank you.</source>
        <translation>Bonjour,

Le code PIN de ma clé de certificat est bloqué (ou sur le point de l&apos;être). Pouvez-vous m&apos;envoyer l&apos;e-mail de déblocage du code PIN&#x202f;?

Numéro de série de la clé&#xa0;: %1
Titulaire du certificat&#xa0;: %2
Organisation&#xa0;: %3
Empreinte du certificat (SHA-256)&#xa0;: %4

Merci.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The e-mail, ready to send (it never contains your PIN):</source>
        <translation>L&apos;e-mail, prêt à envoyer (il ne contient jamais votre code PIN)&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Write this e-mail…</source>
        <translation>Écrire cet e-mail…</translation>
    </message>
</context>
<context>
    <name>MainForm</name>
    <message>
        <location filename="../../ui/main_window.ui" line="+11"/>
        <source>My certificate token</source>
        <translation>Ma clé de certificat</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Contacts…</source>
        <translation>&amp;Contacts…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Read again</source>
        <translation>&amp;Relire la clé</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reading your tokens…</source>
        <translation>Lecture de vos clés…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Try again</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Plug in only one token at a time: two tokens plugged in together conflict. Unplug the one you do not need now.</source>
        <translation>Ne branchez qu&apos;une clé à la fois&#xa0;: deux clés branchées ensemble entrent en conflit. Débranchez celle dont vous n&apos;avez pas besoin maintenant.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>What to do</source>
        <translation>À faire</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This workstation</source>
        <translation>Ce poste de travail</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="+82"/>
        <source>certhelper — my certificate token</source>
        <translation>certhelper — ma clé de certificat</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>%1 keeps crashing and is no longer read.</source>
        <translation>%1 plante à chaque lecture et n&apos;est plus lu.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>crashed</source>
        <translation>s&apos;est arrêté brutalement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopped answering</source>
        <translation>ne répondait plus</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopped</source>
        <translation>s&apos;est arrêté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a driver</source>
        <translation>un pilote</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The token reader %1 while reading %2. It is restarting; this window keeps working.</source>
        <translation>Le lecteur de clés %1 en lisant %2. Il redémarre&#x202f;; cette fenêtre continue de fonctionner.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Reading your tokens…</source>
        <translation>Lecture de vos clés…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+20"/>
        <source>No token driver is installed</source>
        <translation>Aucun pilote de clé n&apos;est installé</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Install the Idopte driver, which ChamberSign tokens need, from &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;, or ask ChamberSign support to install it.</source>
        <translation>Installez le pilote Idopte, nécessaire aux clés ChamberSign, depuis &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;, ou demandez son installation au support ChamberSign.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The token driver could not be loaded</source>
        <translation>Le pilote de la clé n&apos;a pas pu être chargé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>See “This workstation” below for the reason, and call the support if it persists.</source>
        <translation>La raison est indiquée plus bas, sous « Ce poste de travail »&#x202f;; appelez le support si cela persiste.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plug in your token</source>
        <translation>Branchez votre clé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plug your certificate token into a USB port: it appears here within a few seconds.</source>
        <translation>Branchez votre clé de certificat sur un port USB&#xa0;: elle s&apos;affiche ici en quelques secondes.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="+46"/>
        <source>Test my PIN</source>
        <translation>Tester mon code PIN</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Token “%1”, serial number %2</source>
        <translation>Clé « %1 », numéro de série %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The PIN is locked. No PIN will be sent: follow the unlock procedure instead.</source>
        <translation>Le code PIN est bloqué. Aucun code ne sera envoyé&#xa0;: suivez plutôt la procédure de déblocage.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only one try is left. If the PIN you type is wrong, the token will be locked.</source>
        <translation>Il ne reste qu&apos;un essai. Si le code saisi est faux, la clé sera bloquée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This token asks for its PIN itself: type it on its keypad or window.</source>
        <translation>Cette clé demande elle-même son code PIN&#xa0;: saisissez-le sur son clavier ou dans sa fenêtre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type your PIN, then choose “Test the PIN”.</source>
        <translation>Saisissez votre code PIN, puis choisissez « Tester le code ».</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Checking… type the PIN on the token if it asks.</source>
        <translation>Vérification… saisissez le code sur la clé si elle le demande.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The PIN is correct.</source>
        <translation>Le code PIN est correct.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PIN is incorrect. Do not try again at random: check it first.</source>
        <translation>Le code PIN est incorrect. Ne réessayez pas au hasard&#xa0;: vérifiez-le d&apos;abord.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token says the PIN is locked: follow the unlock procedure.</source>
        <translation>La clé indique que le code PIN est bloqué&#xa0;: suivez la procédure de déblocage.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token now says the PIN is locked: nothing was sent.</source>
        <translation>La clé indique maintenant que le code PIN est bloqué&#xa0;: rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The token now says only one try is left: nothing was sent. Confirm to go on.</source>
        <translation>La clé indique maintenant qu&apos;il ne reste qu&apos;un essai&#xa0;: rien n&apos;a été envoyé. Confirmez pour continuer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The token is no longer plugged in.</source>
        <translation>La clé n&apos;est plus branchée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PIN could not be tested.</source>
        <translation>Le code PIN n&apos;a pas pu être testé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The token is now locked.</source>
        <translation>La clé est maintenant bloquée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token now says only one try is left: do not try again, ask for an unlock.</source>
        <translation>La clé indique maintenant qu&apos;il ne reste qu&apos;un essai&#xa0;: ne réessayez pas, demandez un déblocage.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token now says a wrong PIN was entered: fewer tries are left.</source>
        <translation>La clé signale maintenant un code erroné&#xa0;: il reste moins d&apos;essais.</translation>
    </message>
</context>
<context>
    <name>PinForm</name>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="+9"/>
        <source>Check that you remember your PIN: it is sent once to the token, then forgotten. It is never saved.</source>
        <translation>Vérifiez que vous connaissez votre code PIN&#xa0;: il est envoyé une fois à la clé, puis oublié. Il n&apos;est jamais enregistré.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;PIN:</source>
        <translation>Code &amp;PIN&#xa0;:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>I understand: if this PIN is wrong, the token will be locked until the support unlocks it.</source>
        <translation>J&apos;ai compris&#xa0;: si ce code est faux, la clé sera bloquée jusqu&apos;à son déblocage par le support.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>How to unlock the PIN…</source>
        <translation>Comment débloquer le code PIN…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Test the PIN</source>
        <translation>&amp;Tester le code</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
</context>
<context>
    <name>PortalLoginPanel</name>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="+38"/>
        <source>Your ChamberSign portal login</source>
        <translation>Vos identifiants du portail ChamberSign</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Identifier:</source>
        <translation>&amp;Identifiant&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;how</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save in the keyring</source>
        <translation>Enregistrer dans le trousseau</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the password</source>
        <translation>Copier le mot de passe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forget</source>
        <translation>Oublier</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Enter the login Mégalis sent you after the first order to keep it for next time.</source>
        <translation>Saisissez les identifiants que Mégalis vous a transmis après la première commande pour les retrouver la prochaine fois.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your login is kept in this computer&apos;s keyring.</source>
        <translation>Vos identifiants sont conservés dans le trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This computer has no keyring (secure password store), so your portal login cannot be kept here. Keep it somewhere safe; the rest of this guide works as usual.</source>
        <translation>Cet ordinateur n&apos;a pas de trousseau (coffre-fort de mots de passe)&#xa0;: vos identifiants du portail ne peuvent pas être conservés ici. Gardez-les en lieu sûr&#x202f;; le reste de ce guide fonctionne normalement.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Enter the identifier first.</source>
        <translation>Saisissez d&apos;abord l&apos;identifiant.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saved in this computer&apos;s keyring.</source>
        <translation>Enregistrés dans le trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Password copied: paste it in the portal&apos;s login page (it leaves the clipboard in 1 minute).</source>
        <translation>Mot de passe copié&#xa0;: collez-le dans la page de connexion du portail (il sera retiré du presse-papiers dans 1 minute).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Your portal login was removed from this computer&apos;s keyring.</source>
        <translation>Vos identifiants du portail ont été retirés du trousseau de cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>SignTestDialog</name>
    <message>
        <location filename="../../certhelper/gui/sign_test_dialog.py" line="+67"/>
        <source>Test the signature</source>
        <translation>Tester la signature</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The token will sign a one-page test document with the certificate of %1 (token “%2”).</source>
        <translation>La clé va signer un document de test d&apos;une page avec le certificat de %1 (clé « %2 »).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>PIN:</source>
        <translation>Code PIN :</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>I am sure of my PIN: if it is wrong, the token will be locked.</source>
        <translation>Je suis sûr de mon code PIN : s&apos;il est faux, la clé sera bloquée.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sign the test document…</source>
        <translation>Signer le document de test…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The PIN is locked: no PIN will be sent. Follow the unlock procedure.</source>
        <translation>Le code PIN est bloqué : aucun code ne sera envoyé. Suivez la procédure de déblocage.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only one try is left. If the PIN you type is wrong, the token will be locked.</source>
        <translation>Il ne reste qu&apos;un essai. Si le code saisi est faux, la clé sera bloquée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This token asks for its PIN itself: type it on its keypad or window.</source>
        <translation>Cette clé demande elle-même son code PIN : saisissez-le sur son clavier ou dans sa fenêtre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type your PIN, then choose where to save the signed document.</source>
        <translation>Saisissez votre code PIN, puis choisissez où enregistrer le document signé.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>signature-test</source>
        <translation>test-signature</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the signed test document</source>
        <translation>Enregistrer le document de test signé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Signed document: %1</source>
        <translation>Document signé : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signing… type the PIN on the token if it asks.</source>
        <translation>Signature en cours… saisissez le code PIN sur la clé si elle le demande.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Signing…</source>
        <translation>Signature en cours…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The token&apos;s key signed the test document, and the signature was checked.</source>
        <translation>La clé a signé le document de test, et la signature a été vérifiée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PIN is incorrect: nothing was signed and no file was written.</source>
        <translation>Le code PIN est incorrect : rien n&apos;a été signé et aucun fichier n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token says the PIN is locked: nothing was signed.</source>
        <translation>La clé indique que le code PIN est bloqué : rien n&apos;a été signé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PIN is locked: no PIN was sent, nothing was signed.</source>
        <translation>Le code PIN est bloqué : aucun code n&apos;a été envoyé, rien n&apos;a été signé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only one try is left: tick the box if you are sure of your PIN.</source>
        <translation>Il ne reste qu&apos;un essai : cochez la case si vous êtes sûr de votre code.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token is no longer there: plug it in and try again. Nothing was written.</source>
        <translation>La clé n&apos;est plus là : branchez-la et réessayez. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate is no longer on the token. Nothing was written.</source>
        <translation>Le certificat n&apos;est plus sur la clé. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token has no private key for this certificate. Nothing was written.</source>
        <translation>La clé ne contient pas la clé privée de ce certificat. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token&apos;s driver could not be loaded. Nothing was written.</source>
        <translation>Le pilote de la clé n&apos;a pas pu être chargé. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token refused to sign. Nothing was written.</source>
        <translation>La clé a refusé de signer. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The document was signed but could not be saved there.</source>
        <translation>Le document a été signé mais n&apos;a pas pu être enregistré à cet endroit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token did not answer in time. Nothing was written.</source>
        <translation>La clé n&apos;a pas répondu à temps. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>The signature test failed. Nothing was written.</source>
        <translation>Le test de signature a échoué. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>The token is now locked.</source>
        <translation>La clé est maintenant bloquée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token now says only one try is left: do not try again.</source>
        <translation>La clé indique maintenant qu&apos;il ne reste qu&apos;un essai : ne réessayez pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token now says a wrong PIN was entered: fewer tries are left.</source>
        <translation>La clé signale maintenant un code erroné : il reste moins d&apos;essais.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Test the signature…</source>
        <translation>Tester la signature…</translation>
    </message>
</context>
<context>
    <name>TokenCard</name>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="+29"/>
        <source>Token “%1”</source>
        <translation>Clé « %1 »</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Token</source>
        <translation>Clé</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The token was removed while it was being read.</source>
        <translation>La clé a été retirée pendant sa lecture.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The token could not be read completely.</source>
        <translation>La clé n&apos;a pas pu être lue entièrement.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No certificate on this token.</source>
        <translation>Aucun certificat sur cette clé.</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>serial number %1</source>
        <translation>numéro de série %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, model %2</source>
        <translation>%1, modèle %2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The same token is also read by another driver: it is shown once.</source>
        <translation>La même clé est aussi lue par un autre pilote&#xa0;: elle n&apos;est montrée qu&apos;une fois.</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n key(s) without a certificate.</source>
        <translation>
            <numerusform>%n clé privée sans certificat.</numerusform>
            <numerusform>%n clés privées sans certificat.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n object(s) on the token could not be read.</source>
        <translation>
            <numerusform>%n objet de la clé n&apos;a pas pu être lu.</numerusform>
            <numerusform>%n objets de la clé n&apos;ont pas pu être lus.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unlock the PIN…</source>
        <translation>Débloquer le code PIN…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test my PIN…</source>
        <translation>Tester mon code PIN…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PIN locked: do not try again, ask for the unlock procedure.</source>
        <translation>Code PIN bloqué&#xa0;: n&apos;essayez plus, demandez la procédure de déblocage.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN: only one try left. Do not guess it.</source>
        <translation>Code PIN&#xa0;: un seul essai restant. N&apos;essayez pas au hasard.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN: a wrong PIN was entered recently.</source>
        <translation>Code PIN&#xa0;: un code erroné a été saisi récemment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN: no wrong try reported.</source>
        <translation>Code PIN&#xa0;: aucun essai erroné signalé.</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../certhelper/gui/tray.py" line="+111"/>
        <source>Open certhelper</source>
        <translation>Ouvrir certhelper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check now</source>
        <translation>Vérifier maintenant</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>Order</source>
        <translation>Commander</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Later</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <location line="-153"/>
        <source>Renewal guide</source>
        <translation>Guide de renouvellement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remind me later</source>
        <translation>Me le rappeler plus tard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In one day</source>
        <translation>Dans un jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In one week</source>
        <translation>Dans une semaine</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+29"/>
        <source>Start with my session</source>
        <translation>Lancer à l&apos;ouverture de ma session</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>This could not be changed.</source>
        <translation>Ce réglage n&apos;a pas pu être modifié.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No token read yet.</source>
        <translation>Aucune clé lue pour l&apos;instant.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Token plugged: something needs your attention</source>
        <translation>Clé branchée&#xa0;: un point demande votre attention</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Token “%1”: %n point(s) need your attention. Open certhelper to see what to do.</source>
        <translation>
            <numerusform>Clé «&#xa0;%1&#xa0;»&#xa0;: %n point demande votre attention. Ouvrez certhelper pour savoir quoi faire.</numerusform>
            <numerusform>Clé «&#xa0;%1&#xa0;»&#xa0;: %n points demandent votre attention. Ouvrez certhelper pour savoir quoi faire.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Time to renew your certificate</source>
        <translation>Il est temps de renouveler votre certificat</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: the certificate has expired. Order a new one today.</source>
        <translation>%1&#xa0;: le certificat a expiré. Commandez-en un nouveau aujourd&apos;hui.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1: the certificate ends on %2 (%n day(s) left).</source>
        <translation>
            <numerusform>%1&#xa0;: le certificat se termine le %2 (%n jour restant).</numerusform>
            <numerusform>%1&#xa0;: le certificat se termine le %2 (%n jours restants).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Order the new one today: %1.</source>
        <translation>Commandez le nouveau aujourd&apos;hui&#xa0;: %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order the new one by %1: %2.</source>
        <translation>Commandez le nouveau avant le %1&#xa0;: %2.</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../../certhelper/gui/verdict.py" line="+28"/>
        <source>Reading your tokens…</source>
        <translation>Lecture de vos clés…</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n point(s) need your attention.</source>
        <translation>
            <numerusform>%n point demande votre attention.</numerusform>
            <numerusform>%n points demandent votre attention.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No token is plugged in.</source>
        <translation>Aucune clé n&apos;est branchée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All is in order.</source>
        <translation>Tout est en ordre.</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Expired on %1 — %n day(s) ago</source>
        <translation>
            <numerusform>Expiré le %1 — il y a %n jour</numerusform>
            <numerusform>Expiré le %1 — il y a %n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Valid until %1 — %n day(s) left</source>
        <translation>
            <numerusform>Valide jusqu&apos;au %1 — %n jour restant</numerusform>
            <numerusform>Valide jusqu&apos;au %1 — %n jours restants</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Order a new certificate today.</source>
        <translation>Commandez un nouveau certificat aujourd&apos;hui.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Order the new certificate today: delivery takes %n day(s).</source>
        <translation>
            <numerusform>Commandez le nouveau certificat aujourd&apos;hui&#xa0;: la livraison prend %n jour.</numerusform>
            <numerusform>Commandez le nouveau certificat aujourd&apos;hui&#xa0;: la livraison prend %n jours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Order the new certificate by %1 (delivery takes %n day(s)).</source>
        <translation>
            <numerusform>Commandez le nouveau certificat avant le %1 (la livraison prend %n jour).</numerusform>
            <numerusform>Commandez le nouveau certificat avant le %1 (la livraison prend %n jours).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1: expired on %2, order a new certificate today</source>
        <translation>%1&#xa0;: expiré le %2, commandez un nouveau certificat aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: ends on %2, order the new certificate today</source>
        <translation>%1&#xa0;: se termine le %2, commandez le nouveau certificat aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: ends on %2, order the new certificate by %3</source>
        <translation>%1&#xa0;: se termine le %2, commandez le nouveau certificat avant le %3</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>delivery takes %n day(s)</source>
        <translation>
            <numerusform>la livraison prend %n jour</numerusform>
            <numerusform>la livraison prend %n jours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../certhelper/gui/verify_dialog.py" line="+158"/>
        <source>Check a signed PDF</source>
        <translation>Vérifier un PDF signé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a signed PDF, or drop it on this window.</source>
        <translation>Choisissez un PDF signé, ou déposez-le sur cette fenêtre.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Open a PDF…</source>
        <translation>Ouvrir un PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a signed PDF</source>
        <translation>Choisir un PDF signé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checking %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 cannot be read.</source>
        <translation>%1 ne peut pas être lu.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Check a signed PDF…</source>
        <translation>Vérifier un PDF signé…</translation>
    </message>
</context>
<context>
    <name>VerifyResultView</name>
    <message>
        <location line="-179"/>
        <source>%1 has no signature.</source>
        <translation>%1 ne porte aucune signature.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not a PDF file.</source>
        <translation>%1 n&apos;est pas un fichier PDF.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be read.</source>
        <translation>%1 ne peut pas être lu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every signature is intact and trusted.</source>
        <translation>Toutes les signatures sont intactes et de confiance.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The signatures are intact, with warnings (see below).</source>
        <translation>Les signatures sont intactes, avec des avertissements (voir ci-dessous).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least one signature is broken: do not rely on this document.</source>
        <translation>Au moins une signature est invalide : ne vous fiez pas à ce document.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The document was changed after it was signed.</source>
        <translation>Le document a été modifié après sa signature.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The signature does not match the signer&apos;s certificate.</source>
        <translation>La signature ne correspond pas au certificat du signataire.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The signature cannot be read.</source>
        <translation>La signature est illisible.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not PAdES (the older Adobe format).</source>
        <translation>Pas au format PAdES (ancien format Adobe).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The signature does not cover the whole file: something was added after it.</source>
        <translation>La signature ne couvre pas tout le fichier : quelque chose a été ajouté après elle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate chain does not reach a trusted authority.</source>
        <translation>La chaîne de certificats n&apos;aboutit pas à une autorité de confiance.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate is revoked.</source>
        <translation>Le certificat est révoqué.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revocation state could not be checked.</source>
        <translation>L&apos;état de révocation n&apos;a pas pu être vérifié.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revocation state was not checked (no network asked for).</source>
        <translation>L&apos;état de révocation n&apos;a pas été vérifié (réseau non sollicité).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown signer</source>
        <translation>Signataire inconnu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not revoked (checked)</source>
        <translation>non révoqué (vérifié)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REVOKED</source>
        <translation>RÉVOQUÉ</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>not checked</source>
        <translation>non vérifié</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed on</source>
        <translation>Signé le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intact</source>
        <translation>Intacte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Covers the whole document</source>
        <translation>Couvre tout le document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1, level %2</source>
        <translation>%1, niveau %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not PAdES</source>
        <translation>pas PAdES</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trusted chain</source>
        <translation>Chaîne de confiance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revocation</source>
        <translation>Révocation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Issuer</source>
        <translation>Émetteur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate (SHA-256)</source>
        <translation>Certificat (SHA-256)</translation>
    </message>
</context>
<context>
    <name>WorkstationView</name>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="+43"/>
        <source>Token drivers</source>
        <translation>Pilotes de clé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No known token driver was found on this workstation.</source>
        <translation>Aucun pilote de clé connu n&apos;a été trouvé sur ce poste.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (former driver, to be removed)</source>
        <translation>%1 (ancien pilote, à désinstaller)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not running</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>state unknown</source>
        <translation>état inconnu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service %1: %2</source>
        <translation>Service %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modules read</source>
        <translation>Modules lus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No PKCS#11 module is being read.</source>
        <translation>Aucun module PKCS#11 n&apos;est lu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unnamed module</source>
        <translation>Module sans nom</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: not readable (%2)</source>
        <translation>%1&#xa0;: illisible (%2)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1 token</source>
        <translation>1 clé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 tokens</source>
        <translation>%1 clés</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>file not found</source>
        <translation>fichier introuvable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a folder, not a driver library</source>
        <translation>un dossier, pas une bibliothèque de pilote</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file cannot be opened</source>
        <translation>le fichier ne peut pas être ouvert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a driver library</source>
        <translation>pas une bibliothèque de pilote</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a PKCS#11 driver</source>
        <translation>pas un pilote PKCS#11</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the driver crashed</source>
        <translation>le pilote a planté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the driver stopped without an answer</source>
        <translation>le pilote s&apos;est arrêté sans répondre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no answer within %1 seconds</source>
        <translation>pas de réponse en %1 secondes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the driver stopped answering</source>
        <translation>le pilote ne répond plus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>left out after repeated crashes</source>
        <translation>écarté après plusieurs plantages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the driver failed while listing the readers</source>
        <translation>le pilote a échoué en listant les lecteurs</translation>
    </message>
</context>
<context>
    <name>_Words</name>
    <message>
        <location filename="../../certhelper/gui/tray.py" line="+99"/>
        <source>certhelper: this desktop has no notification area: the window opens instead</source>
        <translation>certhelper&#xa0;: ce bureau n&apos;a pas de zone de notification&#xa0;: la fenêtre s&apos;ouvre à la place</translation>
    </message>
</context>
</TS>
