from handbook import THEME_LOCALE_DIR

extensions = ["handbook.sphinxext", "myst_parser"]
language = "zh_CN"
locale_dirs = ["locales", str(THEME_LOCALE_DIR)]
handbook_timelines = "timelines.yaml"
handbook_titles = {"zh_CN": "测试", "en": "Test"}
nitpicky = True
