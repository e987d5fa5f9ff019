"""Footnotes of journal articles rendered in English by the language, not by templates of the
seed article's two footnotes: other embassies, other ambassadors, other fields."""

from kg.extract.research import describe


def test_a_footnote_naming_another_ambassador_and_states_is_rendered_word_by_word():
    assert describe("Интервью с Послом Казахстана в Венгрии Н.Ж. Ермековым.") == \
        "interview with the Ambassador of Kazakhstan in Hungary N. Zh. Ermekov"


def test_an_embassy_page_on_another_field_keeps_the_official_names_and_the_heading():
    assert describe("Посольство Республики Узбекистан в Республике Казахстан: Торгово-экономическое "
                    "сотрудничество") == \
        "Embassy of the Republic of Uzbekistan in the Republic of Kazakhstan: Trade and economic cooperation"


def test_a_word_the_table_lacks_stays_as_written():
    assert describe("Посольство Кыргызской Республики в Республике Казахстан: Хроника") == \
        "Embassy of the Kyrgyz Republic in the Republic of Kazakhstan: Хроника"
