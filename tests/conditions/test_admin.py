import pytest

from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db


def test_the_condition_list_says_which_conditions_readers_can_see(admin_client):
    ArticleFactory(published=True).conditions.add(ConditionFactory(name="Asthma"))
    ArticleFactory(scheduled=True).conditions.add(ConditionFactory(name="Eczema"))

    response = admin_client.get("/admin/conditions/condition/")

    assert response.status_code == 200
    assert "Shown to readers" in response.content.decode()
    rows = [line for line in response.content.decode().splitlines() if "field-shown_to_readers" in line]
    asthma, eczema = rows  # listed by name
    assert "Asthma" in asthma and 'alt="True"' in asthma
    assert "Eczema" in eczema and 'alt="False"' in eczema
