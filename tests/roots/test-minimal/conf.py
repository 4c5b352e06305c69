extensions = ["handbook.sphinxext"]
language = "zh_CN"
locale_dirs = ["locales"]
gettext_compact = False
handbook_search_dict = "terms.txt"
handbook_titles = {"zh_CN": "测试手册", "en": "Test handbook"}
