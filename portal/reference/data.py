"""The fixed reference data the service starts with.

Local authority codes are the ONS GSS codes of the 22 principal areas of Wales.
"""

LOCAL_AUTHORITIES = [
    ("W06000001", "Isle of Anglesey", "Ynys Môn"),
    ("W06000002", "Gwynedd", "Gwynedd"),
    ("W06000003", "Conwy", "Conwy"),
    ("W06000004", "Denbighshire", "Sir Ddinbych"),
    ("W06000005", "Flintshire", "Sir y Fflint"),
    ("W06000006", "Wrexham", "Wrecsam"),
    ("W06000008", "Ceredigion", "Ceredigion"),
    ("W06000009", "Pembrokeshire", "Sir Benfro"),
    ("W06000010", "Carmarthenshire", "Sir Gaerfyrddin"),
    ("W06000011", "Swansea", "Abertawe"),
    ("W06000012", "Neath Port Talbot", "Castell-nedd Port Talbot"),
    ("W06000013", "Bridgend", "Pen-y-bont ar Ogwr"),
    ("W06000014", "Vale of Glamorgan", "Bro Morgannwg"),
    ("W06000015", "Cardiff", "Caerdydd"),
    ("W06000016", "Rhondda Cynon Taf", "Rhondda Cynon Taf"),
    ("W06000018", "Caerphilly", "Caerffili"),
    ("W06000019", "Blaenau Gwent", "Blaenau Gwent"),
    ("W06000020", "Torfaen", "Torfaen"),
    ("W06000021", "Monmouthshire", "Sir Fynwy"),
    ("W06000022", "Newport", "Casnewydd"),
    ("W06000023", "Powys", "Powys"),
    ("W06000024", "Merthyr Tydfil", "Merthyr Tudful"),
]

SECTORS = [
    ("agriculture", "Agriculture, forestry and fishing", "Amaethyddiaeth, coedwigaeth a physgota"),
    ("manufacturing", "Manufacturing", "Gweithgynhyrchu"),
    ("construction", "Construction", "Adeiladu"),
    ("retail", "Wholesale and retail", "Cyfanwerthu a manwerthu"),
    ("transport", "Transport and storage", "Cludiant a storio"),
    ("hospitality", "Accommodation and food services", "Llety a gwasanaethau bwyd"),
    ("information", "Information and communication", "Gwybodaeth a chyfathrebu"),
    ("finance", "Financial and insurance services", "Gwasanaethau ariannol ac yswiriant"),
    ("professional", "Professional, scientific and technical", "Proffesiynol, gwyddonol a thechnegol"),
    ("administrative", "Administrative and support services", "Gwasanaethau gweinyddol a chymorth"),
    ("public", "Public administration", "Gweinyddiaeth gyhoeddus"),
    ("education", "Education", "Addysg"),
    ("health", "Health and social care", "Iechyd a gofal cymdeithasol"),
    ("arts", "Arts, entertainment and recreation", "Celfyddydau, adloniant a hamdden"),
    ("voluntary", "Charity and voluntary sector", "Y sector elusennol a gwirfoddol"),
    ("other", "Other services", "Gwasanaethau eraill"),
]

# The two delivery partners of the evaluated service, each covering half of
# Wales; administrators can change which authorities a partner covers.
DELIVERY_PARTNERS = [
    (
        "south-east",
        "South East Wales delivery partner",
        "Partner cyflenwi De-ddwyrain Cymru",
        ["W06000013", "W06000014", "W06000015", "W06000016", "W06000018", "W06000019",
         "W06000020", "W06000021", "W06000022", "W06000024"],
    ),
    (
        "north-west",
        "North and West Wales delivery partner",
        "Partner cyflenwi Gogledd a Gorllewin Cymru",
        ["W06000001", "W06000002", "W06000003", "W06000004", "W06000005", "W06000006",
         "W06000008", "W06000009", "W06000010", "W06000011", "W06000012", "W06000023"],
    ),
]

# Bodies that introduce employers to the service, loaded once into an empty
# table; administrators add, rename and retire them after that.
INTERMEDIARIES = [
    ("Federation of Small Businesses Wales", "Ffederasiwn Busnesau Bach Cymru"),
    ("Business Wales", "Busnes Cymru"),
    ("Chambers Wales", "Siambrau Cymru"),
    ("Farmers' Union of Wales", "Undeb Amaethwyr Cymru"),
    ("Cwmpas", "Cwmpas"),
]
