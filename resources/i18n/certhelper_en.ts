<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>GuideWizard</name>
    <message numerus="yes">
        <location filename="../../certhelper/gui/wizards.py" line="105"/>
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TokenCard</name>
    <message numerus="yes">
        <location filename="../../certhelper/gui/cards.py" line="269"/>
        <source>%n key(s) without a certificate.</source>
        <translation>
            <numerusform>%n key without a certificate.</numerusform>
            <numerusform>%n keys without a certificate.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/cards.py" line="272"/>
        <source>%n object(s) on the token could not be read.</source>
        <translation>
            <numerusform>%n object on the token could not be read.</numerusform>
            <numerusform>%n objects on the token could not be read.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message numerus="yes">
        <location filename="../../certhelper/gui/tray.py" line="220"/>
        <source>Token “%1”: %n point(s) need your attention. Open certhelper to see what to do.</source>
        <translation>
            <numerusform>Token “%1”: %n point needs your attention. Open certhelper to see what to do.</numerusform>
            <numerusform>Token “%1”: %n points need your attention. Open certhelper to see what to do.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/tray.py" line="247"/>
        <source>%1: the certificate ends on %2 (%n day(s) left).</source>
        <translation>
            <numerusform>%1: the certificate ends on %2 (%n day left).</numerusform>
            <numerusform>%1: the certificate ends on %2 (%n days left).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message numerus="yes">
        <location filename="../../certhelper/gui/verdict.py" line="31"/>
        <source>%n point(s) need your attention.</source>
        <translation>
            <numerusform>%n point needs your attention.</numerusform>
            <numerusform>%n points need your attention.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/verdict.py" line="41"/>
        <source>Expired on %1 — %n day(s) ago</source>
        <translation>
            <numerusform>Expired on %1 — %n day ago</numerusform>
            <numerusform>Expired on %1 — %n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/verdict.py" line="42"/>
        <source>Valid until %1 — %n day(s) left</source>
        <translation>
            <numerusform>Valid until %1 — %n day left</numerusform>
            <numerusform>Valid until %1 — %n days left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/verdict.py" line="51"/>
        <source>Order the new certificate today: delivery takes %n day(s).</source>
        <translation>
            <numerusform>Order the new certificate today: delivery takes %n day.</numerusform>
            <numerusform>Order the new certificate today: delivery takes %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/verdict.py" line="53"/>
        <source>Order the new certificate by %1 (delivery takes %n day(s)).</source>
        <translation>
            <numerusform>Order the new certificate by %1 (delivery takes %n day).</numerusform>
            <numerusform>Order the new certificate by %1 (delivery takes %n days).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../certhelper/gui/verdict.py" line="90"/>
        <source>delivery takes %n day(s)</source>
        <translation>
            <numerusform>delivery takes %n day</numerusform>
            <numerusform>delivery takes %n days</numerusform>
        </translation>
    </message>
</context>
</TS>
