extensions = ["handbook.sphinxext"]
language = "zh_CN"
locale_dirs = ["locales"]
