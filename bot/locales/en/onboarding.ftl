consent-text =
    <b>Consent to the processing of personal data</b>

    This link is for a parent of <b>{ $name }</b> ({ $label }), { $school }.

    By pressing "I give my consent", you, as the child's legal representative, allow the school to process your and your child's personal data (name, class, marks, attendance, homework, messenger account id) to keep you informed about schoolwork, under Russian Federal Law No. 152-FZ "On Personal Data".

    The consent is valid until withdrawn; to withdraw it, contact the class teacher.
consent-accept = ✅ I give my consent
consent-decline = I do not consent
consent-declined = Without consent we cannot show your child's data. If you change your mind, open the link again.
consent-stale = This button is out of date. Open the invite link again.
consent-use-button = To give consent, press «✅ I give my consent» below. Without consent the child's data is not shown.
welcome-staff = Welcome, { $name }! You have joined the journal: { $role }, { $school }.
welcome-parent = Done! You have joined as a parent. Student: { $name }, { $label }, { $school }.
welcome-student = Done! Your journal is connected: { $name }, { $label }, { $school }.
invite-already-yours = You have already joined with this link.

## Invite links sent to be forwarded
invite-message-parent =
    Invitation to the school journal for a parent
    Student: { $student }, { $label }
    For: { $who }
    { $link }

    Open the link in { $messenger }. It works once and is valid through { $until }.
invite-message-parent-any =
    Invitation to the school journal for a parent
    Student: { $student }, { $label }
    { $link }

    Open the link in { $messenger }. It works once and is valid through { $until }.
invite-message-student =
    Invitation to the school journal
    Student: { $student }, { $label }
    { $link }

    Open the link in { $messenger }. It works once and is valid through { $until }.
invite-message-staff =
    Invitation to the school journal
    For: { $name } — { $role }
    { $link }

    Open the link in { $messenger }. It works once and is valid through { $until }.
invite-issued = The link is ready — forward the message to its addressee.
