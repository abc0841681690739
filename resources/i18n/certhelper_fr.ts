<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CertificateCard</name>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="114"/>
        <source>%1 (SIREN %2)</source>
        <translation>%1 (SIREN %2)</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="118"/>
        <source>Issued by %1</source>
        <translation>Émis par %1</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="125"/>
        <source>From %1 to %2</source>
        <translation>Du %1 au %2</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="131"/>
        <source>Order the new certificate now: delivery takes about %1 days.</source>
        <translation>Commandez le nouveau certificat dès maintenant : la livraison prend environ %1 jours.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="134"/>
        <source>Order the new certificate before %1 (delivery takes about %2 days).</source>
        <translation>Commandez le nouveau certificat avant le %1 (la livraison prend environ %2 jours).</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="142"/>
        <source>The key on the token does not match this certificate.</source>
        <translation>La clé privée présente sur la clé USB ne correspond pas à ce certificat.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="144"/>
        <source>No private key for this certificate on the token.</source>
        <translation>Pas de clé privée pour ce certificat sur la clé USB.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="149"/>
        <source>Renew…</source>
        <translation>Renouveler…</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="151"/>
        <source>Revoke…</source>
        <translation>Révoquer…</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="162"/>
        <source>level unknown</source>
        <translation>niveau inconnu</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="164"/>
        <source>eIDAS qualified</source>
        <translation>qualifié eIDAS</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="172"/>
        <source>Expired on %1 — yesterday</source>
        <translation>Expiré le %1 — hier</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="174"/>
        <source>Expired on %1 — %2 days ago</source>
        <translation>Expiré le %1 — il y a %2 jours</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="176"/>
        <source>1 day left</source>
        <translation>plus qu&apos;1 jour</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="176"/>
        <source>%1 days left</source>
        <translation>%1 jours restants</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="177"/>
        <source>Valid until %1 — %2</source>
        <translation>Valable jusqu&apos;au %1 — %2</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="43"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="48"/>
        <source>Price</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="52"/>
        <source>Hours (Paris time)</source>
        <translation>Horaires (heure de Paris)</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="56"/>
        <source>Right now</source>
        <translation>En ce moment</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="64"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="68"/>
        <source>Driver download</source>
        <translation>Téléchargement du pilote</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="85"/>
        <source>Open now, until %1</source>
        <translation>Ouvert en ce moment, jusqu&apos;à %1</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="87"/>
        <source>Closed</source>
        <translation>Fermé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="91"/>
        <source>Closed now, opens today at %1</source>
        <translation>Fermé en ce moment, ouvre aujourd&apos;hui à %1</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="93"/>
        <source>Closed now, opens tomorrow at %1</source>
        <translation>Fermé en ce moment, ouvre demain à %1</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/contacts_view.py" line="95"/>
        <source>Closed now, opens %1 at %2</source>
        <translation>Fermé en ce moment, ouvre %1 à %2</translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <location filename="../../certhelper/gui/findings_view.py" line="49"/>
        <source>What to do…</source>
        <translation>Que faire ?</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/findings_view.py" line="57"/>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/findings_view.py" line="57"/>
        <source>Warning</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/findings_view.py" line="57"/>
        <source>Information</source>
        <translation>Information</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <location filename="../../certhelper/gui/findings_view.py" line="70"/>
        <source>Nothing to do: all is in order.</source>
        <translation>Rien à faire : tout est en ordre.</translation>
    </message>
</context>
<context>
    <name>GuideWizard</name>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="68"/>
        <source>Who to contact</source>
        <translation>Qui contacter</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="83"/>
        <source>I understand that a revocation cannot be undone</source>
        <translation>J&apos;ai compris qu&apos;une révocation est définitive</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="99"/>
        <source>This certificate expired on %1: order a new one now.</source>
        <translation>Ce certificat a expiré le %1 : commandez-en un nouveau dès maintenant.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="102"/>
        <source>%1 days left (until %2), and delivery takes about %3 days: order today.</source>
        <translation>Il reste %1 jours (jusqu&apos;au %2) et la livraison prend environ %3 jours : commandez aujourd&apos;hui.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="109"/>
        <source>%1 days left (until %2), and delivery takes about %3 days: order before %4 at the latest.</source>
        <translation>Il reste %1 jours (jusqu&apos;au %2) et la livraison prend environ %3 jours : commandez au plus tard le %4.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="119"/>
        <source>PIN unlock request, token %1</source>
        <translation>Demande de déblocage du code PIN, clé %1</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="122"/>
        <source>Hello,

The PIN of my certificate token is locked (or nearly). Could you send me the PIN unlock e-mail?

Token serial number: %1
Certificate holder: %2
Organisation: %3
Certificate fingerprint (SHA-256): %4

Thank you.</source>
        <translation>Bonjour,

Le code PIN de ma clé de certificat est bloqué (ou sur le point de l&apos;être). Pouvez-vous m&apos;envoyer l&apos;e-mail de déblocage du code PIN ?

Numéro de série de la clé : %1
Titulaire du certificat : %2
Organisation : %3
Empreinte du certificat (SHA-256) : %4

Merci.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="138"/>
        <source>The e-mail, ready to send (it never contains your PIN):</source>
        <translation>L&apos;e-mail, prêt à envoyer (il ne contient jamais votre code PIN) :</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/wizards.py" line="144"/>
        <source>Write this e-mail…</source>
        <translation>Écrire cet e-mail…</translation>
    </message>
</context>
<context>
    <name>MainForm</name>
    <message>
        <location filename="../../ui/main_window.ui" line="11"/>
        <source>My certificate token</source>
        <translation>Ma clé de certificat</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="19"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="32"/>
        <source>&amp;Contacts…</source>
        <translation>&amp;Contacts…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="38"/>
        <source>&amp;Read again</source>
        <translation>&amp;Relire la clé</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="45"/>
        <source>Reading your tokens…</source>
        <translation>Lecture de vos clés…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="60"/>
        <source>&amp;Try again</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="93"/>
        <source>Plug in only one token at a time: two tokens plugged in together conflict. Unplug the one you do not need now.</source>
        <translation>Ne branchez qu&apos;une clé à la fois : deux clés branchées ensemble entrent en conflit. Débranchez celle dont vous n&apos;avez pas besoin maintenant.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="99"/>
        <source>What to do</source>
        <translation>À faire</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="113"/>
        <source>This workstation</source>
        <translation>Ce poste de travail</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="66"/>
        <source>certhelper — my certificate token</source>
        <translation>certhelper — ma clé de certificat</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="121"/>
        <source>%1 keeps crashing and is no longer read.</source>
        <translation>%1 plante à chaque lecture et n&apos;est plus lu.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="142"/>
        <source>crashed</source>
        <translation>s&apos;est arrêté brutalement</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="142"/>
        <source>stopped answering</source>
        <translation>ne répondait plus</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="142"/>
        <source>stopped</source>
        <translation>s&apos;est arrêté</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="143"/>
        <source>a driver</source>
        <translation>un pilote</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="146"/>
        <source>The token reader %1 while reading %2. It is restarting; this window keeps working.</source>
        <translation>Le lecteur de clés %1 en lisant %2. Il redémarre ; cette fenêtre continue de fonctionner.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="204"/>
        <location filename="../../certhelper/gui/main_window.py" line="229"/>
        <source>Reading your tokens…</source>
        <translation>Lecture de vos clés…</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="208"/>
        <source>No token driver is installed</source>
        <translation>Aucun pilote de clé n&apos;est installé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="211"/>
        <source>Install the Idopte driver, which ChamberSign tokens need, from &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;, or ask ChamberSign support to install it.</source>
        <translation>Installez le pilote Idopte, nécessaire aux clés ChamberSign, depuis &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt;, ou demandez son installation au support ChamberSign.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="217"/>
        <source>The token driver could not be loaded</source>
        <translation>Le pilote de la clé n&apos;a pas pu être chargé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="218"/>
        <source>See “This workstation” below for the reason, and call the support if it persists.</source>
        <translation>La raison est indiquée plus bas, sous « Ce poste de travail » ; appelez le support si cela persiste.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="220"/>
        <source>Plug in your token</source>
        <translation>Branchez votre clé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="221"/>
        <source>Plug your certificate token into a USB port: it appears here within a few seconds.</source>
        <translation>Branchez votre clé de certificat sur un port USB : elle s&apos;affiche ici en quelques secondes.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="231"/>
        <source>No token is plugged in.</source>
        <translation>Aucune clé n&apos;est branchée.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="233"/>
        <source>All is well.</source>
        <translation>Tout va bien.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="235"/>
        <source>1 point needs your attention.</source>
        <translation>1 point demande votre attention.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/main_window.py" line="237"/>
        <source>%1 points need your attention.</source>
        <translation>%1 points demandent votre attention.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="49"/>
        <source>Test my PIN</source>
        <translation>Tester mon code PIN</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="62"/>
        <source>Token “%1”, serial number %2</source>
        <translation>Clé « %1 », numéro de série %2</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="79"/>
        <source>The PIN is locked. No PIN will be sent: follow the unlock procedure instead.</source>
        <translation>Le code PIN est bloqué. Aucun code ne sera envoyé : suivez plutôt la procédure de déblocage.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="86"/>
        <source>Only one try is left. If the PIN you type is wrong, the token will be locked.</source>
        <translation>Il ne reste qu&apos;un essai. Si le code saisi est faux, la clé sera bloquée.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="90"/>
        <source>This token asks for its PIN itself: type it on its keypad or window.</source>
        <translation>Cette clé demande elle-même son code PIN : saisissez-le sur son clavier ou dans sa fenêtre.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="92"/>
        <source>Type your PIN, then choose “Test the PIN”.</source>
        <translation>Saisissez votre code PIN, puis choisissez « Tester le code ».</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="117"/>
        <source>Checking… type the PIN on the token if it asks.</source>
        <translation>Vérification… saisissez le code sur la clé si elle le demande.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="117"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="131"/>
        <source>The PIN is correct.</source>
        <translation>Le code PIN est correct.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="132"/>
        <source>The PIN is incorrect. Do not try again at random: check it first.</source>
        <translation>Le code PIN est incorrect. Ne réessayez pas au hasard : vérifiez-le d&apos;abord.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="133"/>
        <source>The token says the PIN is locked: follow the unlock procedure.</source>
        <translation>La clé indique que le code PIN est bloqué : suivez la procédure de déblocage.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="134"/>
        <source>The token now says the PIN is locked: nothing was sent.</source>
        <translation>La clé indique maintenant que le code PIN est bloqué : rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="136"/>
        <source>The token now says only one try is left: nothing was sent. Confirm to go on.</source>
        <translation>La clé indique maintenant qu&apos;il ne reste qu&apos;un essai : rien n&apos;a été envoyé. Confirmez pour continuer.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="138"/>
        <source>The token is no longer plugged in.</source>
        <translation>La clé n&apos;est plus branchée.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="141"/>
        <source>The PIN could not be tested (%1).</source>
        <translation>Le code PIN n&apos;a pas pu être testé (%1).</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="143"/>
        <source>The token is now locked.</source>
        <translation>La clé est maintenant bloquée.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="144"/>
        <source>The token now says only one try is left: do not try again, ask for an unlock.</source>
        <translation>La clé indique maintenant qu'il ne reste qu'un essai : ne réessayez pas, demandez un déblocage.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/pin_dialog.py" line="145"/>
        <source>The token now says a wrong PIN was entered: fewer tries are left.</source>
        <translation>La clé signale maintenant un code erroné : il reste moins d'essais.</translation>
    </message>
</context>
<context>
    <name>PinForm</name>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="9"/>
        <source>Check that you remember your PIN: it is sent once to the token, then forgotten. It is never saved.</source>
        <translation>Vérifiez que vous connaissez votre code PIN : il est envoyé une fois à la clé, puis oublié. Il n&apos;est jamais enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="27"/>
        <source>&amp;PIN:</source>
        <translation>Code &amp;PIN :</translation>
    </message>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="41"/>
        <source>I understand: if this PIN is wrong, the token will be locked until the support unlocks it.</source>
        <translation>J&apos;ai compris : si ce code est faux, la clé sera bloquée jusqu&apos;à son déblocage par le support.</translation>
    </message>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="58"/>
        <source>How to unlock the PIN…</source>
        <translation>Comment débloquer le code PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="68"/>
        <source>&amp;Test the PIN</source>
        <translation>&amp;Tester le code</translation>
    </message>
    <message>
        <location filename="../../ui/pin_dialog.ui" line="74"/>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
</context>
<context>
    <name>PortalLoginPanel</name>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="38"/>
        <source>Your ChamberSign portal login</source>
        <translation>Vos identifiants du portail ChamberSign</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="48"/>
        <source>&amp;Identifier:</source>
        <translation>&amp;Identifiant :</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="54"/>
        <source>S&amp;how</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="60"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="68"/>
        <source>Save in the keyring</source>
        <translation>Enregistrer dans le trousseau</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="71"/>
        <source>Copy the password</source>
        <translation>Copier le mot de passe</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="74"/>
        <source>Forget</source>
        <translation>Oublier</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="103"/>
        <source>Enter the login Mégalis sent you after the first order to keep it for next time.</source>
        <translation>Saisissez les identifiants que Mégalis vous a transmis après la première commande pour les retrouver la prochaine fois.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="107"/>
        <source>Your login is kept in this computer&apos;s keyring.</source>
        <translation>Vos identifiants sont conservés dans le trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="115"/>
        <source>This computer has no keyring (secure password store), so your portal login cannot be kept here. Keep it somewhere safe; the rest of this guide works as usual.</source>
        <translation>Cet ordinateur n&apos;a pas de trousseau (coffre-fort de mots de passe) : vos identifiants du portail ne peuvent pas être conservés ici. Gardez-les en lieu sûr ; le reste de ce guide fonctionne normalement.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="142"/>
        <source>Enter the identifier first.</source>
        <translation>Saisissez d&apos;abord l&apos;identifiant.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="150"/>
        <source>Saved in this computer&apos;s keyring.</source>
        <translation>Enregistrés dans le trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="162"/>
        <source>Password copied: paste it in the portal&apos;s login page (it leaves the clipboard in 1 minute).</source>
        <translation>Mot de passe copié : collez-le dans la page de connexion du portail (il sera retiré du presse-papiers dans 1 minute).</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/portal_login.py" line="181"/>
        <source>Your portal login was removed from this computer&apos;s keyring.</source>
        <translation>Vos identifiants du portail ont été retirés du trousseau de cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>TokenCard</name>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="200"/>
        <source>Token “%1”</source>
        <translation>Clé « %1 »</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="200"/>
        <source>Token</source>
        <translation>Clé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="202"/>
        <source>Serial number %1</source>
        <translation>Numéro de série %1</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="204"/>
        <source>%1 — model %2</source>
        <translation>%1 — modèle %2</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="212"/>
        <source>The token was removed while it was being read.</source>
        <translation>La clé a été retirée pendant sa lecture.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="214"/>
        <source>The token could not be read completely.</source>
        <translation>La clé n&apos;a pas pu être lue entièrement.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="226"/>
        <source>No certificate on this token.</source>
        <translation>Aucun certificat sur cette clé.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="230"/>
        <source>1 key without a certificate.</source>
        <translation>1 clé privée sans certificat.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="232"/>
        <source>%1 keys without a certificate.</source>
        <translation>%1 clés privées sans certificat.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="237"/>
        <source>%1 unreadable object(s) on the token.</source>
        <translation>Objet(s) illisible(s) sur la clé : %1.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="243"/>
        <source>Unlock the PIN…</source>
        <translation>Débloquer le code PIN…</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="246"/>
        <source>Test my PIN…</source>
        <translation>Tester mon code PIN…</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="254"/>
        <source>PIN locked: do not try again, ask for the unlock procedure.</source>
        <translation>Code PIN bloqué : n&apos;essayez plus, demandez la procédure de déblocage.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="256"/>
        <source>PIN: only one try left. Do not guess it.</source>
        <translation>Code PIN : un seul essai restant. N&apos;essayez pas au hasard.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="258"/>
        <source>PIN: a wrong PIN was entered recently.</source>
        <translation>Code PIN : un code erroné a été saisi récemment.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/cards.py" line="259"/>
        <source>PIN: no wrong try reported.</source>
        <translation>Code PIN : aucun essai erroné signalé.</translation>
    </message>
</context>
<context>
    <name>WorkstationView</name>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="40"/>
        <source>Token drivers</source>
        <translation>Pilotes de clé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="42"/>
        <source>No known token driver was found on this workstation.</source>
        <translation>Aucun pilote de clé connu n&apos;a été trouvé sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="47"/>
        <source>%1 (former driver, to be removed)</source>
        <translation>%1 (ancien pilote, à désinstaller)</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="53"/>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="55"/>
        <source>not running</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="57"/>
        <source>state unknown</source>
        <translation>état inconnu</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="59"/>
        <source>Service %1: %2</source>
        <translation>Service %1 : %2</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="60"/>
        <source>Modules read</source>
        <translation>Modules lus</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="63"/>
        <source>No PKCS#11 module is being read.</source>
        <translation>Aucun module PKCS#11 n&apos;est lu.</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="65"/>
        <source>Unnamed module</source>
        <translation>Module sans nom</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="68"/>
        <source>%1: not readable (%2)</source>
        <translation>%1 : illisible (%2)</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="71"/>
        <source>1 token</source>
        <translation>1 clé</translation>
    </message>
    <message>
        <location filename="../../certhelper/gui/workstation_view.py" line="71"/>
        <source>%1 tokens</source>
        <translation>%1 clés</translation>
    </message>
</context>
</TS>
