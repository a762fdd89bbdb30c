"""Personal data of every app is encrypted with one mechanism and rotated by one command."""

from portal.crypto import encrypted_columns


def test_rotation_finds_the_personal_data_of_every_app():
    columns = {model._meta.label: set(cols) for model, cols in encrypted_columns()}
    assert columns["disclosure.DisclosureRequest"] == {"id_number", "phone", "email", "address"}
    assert columns["consultation.Comment"] == {"contact"}
    assert columns["portal.OutboxMessage"] == {"to", "body", "secrets"}
