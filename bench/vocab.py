"""Words the synthetic reply letters are written from: cities, agencies, policy areas, phrasing.

Everything here is about how Chinese government replies to proposals are written (cities and
their document-number abbreviations, the departments that answer, what their measures are
called, how a commitment is worded). Nothing here is taken from the extractor's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class City:
    name: str  # 深圳
    abbr: str  # the one- or two-character prefix of its document numbers (深, 穗, 杭 …)
    area_code: str
    districts: tuple[str, ...]
    universities: tuple[str, ...]
    cppcc_term_start: int  # a CPPCC (政协) term starting in this year …
    cppcc_term: int  # … is this term (届); terms last five years
    npc_term_start: int
    npc_term: int
    sez: bool = False  # writes 经济特区 regulations


CITIES: tuple[City, ...] = (
    City("深圳", "深", "0755", ("福田", "罗湖", "南山", "宝安", "龙岗", "龙华", "坪山", "光明"),
         ("深圳大学", "南方科技大学", "哈尔滨工业大学（深圳）"), 2015, 6, 2016, 6, sez=True),
    City("广州", "穗", "020", ("越秀", "海珠", "天河", "白云", "黄埔", "番禺", "南沙", "花都"),
         ("中山大学", "华南理工大学", "暨南大学"), 2017, 13, 2017, 15),
    City("杭州", "杭", "0571", ("上城", "拱墅", "西湖", "滨江", "萧山", "余杭", "临平", "钱塘"),
         ("浙江大学", "杭州电子科技大学", "浙江工业大学"), 2017, 11, 2017, 13),
    City("南京", "宁", "025", ("玄武", "秦淮", "建邺", "鼓楼", "浦口", "栖霞", "江宁", "六合"),
         ("南京大学", "东南大学", "南京航空航天大学"), 2017, 14, 2017, 16),
    City("成都", "成", "028", ("锦江", "青羊", "金牛", "武侯", "成华", "龙泉驿", "双流", "郫都"),
         ("四川大学", "电子科技大学", "西南交通大学"), 2017, 15, 2017, 17),
    City("武汉", "武", "027", ("江岸", "江汉", "硚口", "汉阳", "武昌", "洪山", "东西湖", "江夏"),
         ("武汉大学", "华中科技大学", "武汉理工大学"), 2017, 13, 2017, 14),
    City("苏州", "苏", "0512", ("姑苏", "虎丘", "吴中", "相城", "吴江"),
         ("苏州大学", "西交利物浦大学"), 2017, 14, 2017, 16),
    City("厦门", "厦", "0592", ("思明", "湖里", "集美", "海沧", "同安", "翔安"),
         ("厦门大学", "集美大学"), 2016, 13, 2016, 15, sez=True),
    City("宁波", "甬", "0574", ("海曙", "江北", "镇海", "北仑", "鄞州", "奉化"),
         ("宁波大学", "宁波诺丁汉大学"), 2016, 15, 2016, 15),
    City("佛山", "佛", "0757", ("禅城", "南海", "顺德", "高明", "三水"),
         ("佛山科学技术学院",), 2016, 12, 2016, 15),
    City("东莞", "莞", "0769", ("莞城", "南城", "东城", "万江", "松山湖"),
         ("东莞理工学院",), 2016, 13, 2016, 16),
    City("青岛", "青", "0532", ("市南", "市北", "黄岛", "崂山", "李沧", "城阳", "即墨"),
         ("中国海洋大学", "青岛大学"), 2017, 13, 2017, 17),
)


@dataclass(frozen=True)
class Department:
    """An answering department. Its current full name after ``{city}市`` is a template of the
    gazetteer (extract/data/agencies.toml), whose short forms (市人社局) letters write; an
    earlier name (before the 2018-2019 reorganisation) carries its own short forms."""

    full: str
    docabbr: str  # its part of a document number (深人社函)
    # (last year used, full, short forms, docabbr, cities or () for all): an earlier name
    former: tuple[tuple[int, str, tuple[str, ...], str, tuple[str, ...]], ...] = ()


DEPARTMENTS: dict[str, Department] = {
    "hrss": Department("人力资源和社会保障局", "人社"),
    "commerce": Department("商务局", "商务"),
    "justice": Department("司法局", "司法"),
    "market": Department("市场监督管理局", "市监", (
        (2018, "市场和质量监督管理委员会", ("市场和质量监督管理委员会", "市场和质量监管委"), "市质",
         ("深圳",)),)),
    "ndrc": Department("发展和改革委员会", "发改"),
    "industry": Department("工业和信息化局", "工信", (
        (2018, "经济贸易和信息化委员会", ("经济贸易和信息化委员会", "经贸信息委", "经信委"), "经信",
         ("深圳", "厦门", "佛山")),)),
    "science": Department("科学技术局", "科", (
        (2099, "科技创新委员会", ("科技创新委员会", "科技创新委", "科创委"), "科创", ("深圳",)),
        (2018, "科技创新委员会", ("科技创新委员会", "科技创新委", "科创委"), "科创", ("广州",)),)),
    "finance": Department("财政局", "财"),
    "education": Department("教育局", "教"),
    "civil": Department("民政局", "民"),
    "health": Department("卫生健康委员会", "卫健", (
        (2018, "卫生和计划生育委员会", ("卫生和计划生育委员会", "卫生计生委", "卫计委"), "卫计",
         ()),)),
    "ecology": Department("生态环境局", "环"),
    "housing": Department("住房和城乡建设局", "建"),
    "transport": Department("交通运输局", "交"),
    "culture": Department("文化广电旅游体育局", "文广旅体"),
    "planning": Department("规划和自然资源局", "规划资源", (
        (2018, "规划和国土资源委员会", ("规划和国土资源委员会", "规划国土委"), "规土",
         ("深圳",)),)),
    "medical": Department("医疗保障局", "医保"),
    "data": Department("政务服务数据管理局", "政数"),
    "fin_reg": Department("地方金融监督管理局", "金融"),
    "union": Department("总工会", "工"),
    "lawyers": Department("律师协会", "律协"),
}

# Departments a city abolished in a reorganisation; a letter after it writes the new name.
REORGANISATION_YEAR = 2019


@dataclass(frozen=True)
class NationalBody:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyArea:
    """One field of government work: who answers for it and what its measures are about."""

    key: str
    area: str  # 科技成果转化工作 reads "{area}工作"
    lead: tuple[str, ...]  # department keys that answer proposals in this area
    helpers: tuple[str, ...]  # departments that co-handle or own a part
    cores: tuple[str, ...]  # what a measure is about: 科技成果转化, 概念验证 …
    clients: tuple[str, ...]  # who is served: 科技型中小企业 …
    problems: tuple[str, ...]
    national: tuple[NationalBody, ...] = ()
    asks: tuple[str, ...] = field(default=())  # the proposal's themes, as headings


AREAS: tuple[PolicyArea, ...] = (
    PolicyArea(
        "science", "科技创新", ("science",), ("finance", "industry", "education", "fin_reg"),
        ("科技成果转化", "技术转移", "概念验证", "科技金融", "中试验证", "产学研协同创新",
         "科技企业孵化", "新型研发机构", "科技资源共享", "科技人才引进"),
        ("科技型中小企业", "高新技术企业", "高校院所", "科研团队"),
        ("科技成果转化率不高", "中试环节薄弱", "科技金融供给不足", "产学研合作不够紧密"),
        (NationalBody("科学技术部", ("科技部",)), NationalBody("国家知识产权局")),
        ("加快建设科技成果转化服务体系", "完善科技金融服务", "强化产学研协同",
         "优化科技创新生态"),
    ),
    PolicyArea(
        "ip", "知识产权", ("market",), ("commerce", "justice", "science", "lawyers"),
        ("知识产权保护", "海外知识产权维权", "知识产权运营", "专利导航", "商标品牌培育",
         "知识产权质押融资", "知识产权纠纷调解", "高价值专利培育", "地理标志保护"),
        ("创新型企业", "出海企业", "知识产权服务机构", "中小微企业"),
        ("海外维权成本高", "侵权赔偿标准偏低", "知识产权服务业发展不充分",
         "企业知识产权管理能力不足"),
        (NationalBody("国家知识产权局"), NationalBody("国家市场监督管理总局", ("市场监管总局",))),
        ("优化知识产权公共服务", "完善海外维权援助机制", "推动知识产权转化运用",
         "强化知识产权司法保护"),
    ),
    PolicyArea(
        "employment", "就业创业", ("hrss",), ("finance", "union", "education", "medical"),
        ("灵活就业人员社会保险", "新就业形态劳动者权益保障", "高技能人才培养", "职业技能培训",
         "公共就业服务", "劳动争议调解", "创业担保贷款", "零工市场", "职业伤害保障"),
        ("高校毕业生", "灵活就业人员", "外卖骑手", "退役军人", "就业困难人员"),
        ("新就业形态劳动者参保率偏低", "技能人才供需错配", "零工信息不对称",
         "劳动纠纷调处周期长"),
        (NationalBody("人力资源和社会保障部", ("人社部",)),),
        ("加强新就业形态劳动者权益保障", "完善公共就业服务体系", "加大技能人才培养力度",
         "健全劳动关系协调机制"),
    ),
    PolicyArea(
        "trade", "外贸和商贸流通", ("commerce",), ("finance", "fin_reg", "industry", "justice"),
        ("跨境电商", "外贸综合服务", "服务贸易", "会展经济", "夜间经济", "老字号保护发展",
         "商贸流通", "海外仓", "贸易摩擦应对"),
        ("外贸企业", "跨境电商企业", "商贸企业", "会展企业"),
        ("外贸企业订单不稳", "海外仓布局不足", "贸易摩擦应对能力不强", "消费场景单一"),
        (NationalBody("商务部"), NationalBody("海关总署")),
        ("支持跨境电商发展", "稳住外贸基本盘", "促进消费提质扩容", "提升贸易摩擦应对能力"),
    ),
    PolicyArea(
        "industry", "产业发展", ("industry",), ("finance", "science", "data", "fin_reg"),
        ("中小企业数字化转型", "专精特新企业培育", "工业互联网", "智能制造", "集成电路",
         "新能源汽车", "工业设计", "绿色制造", "产业链协同"),
        ("中小企业", "专精特新企业", "制造业企业", "链主企业"),
        ("中小企业数字化转型成本高", "产业链配套不完善", "工业用地紧张", "融资难融资贵"),
        (NationalBody("工业和信息化部", ("工信部",)),),
        ("加快中小企业数字化转型", "培育专精特新企业", "推动制造业高质量发展",
         "强化产业链协同"),
    ),
    PolicyArea(
        "health", "卫生健康", ("health",), ("medical", "civil", "finance", "education"),
        ("社区卫生服务", "家庭医生签约服务", "医养结合", "互联网医院", "心理健康服务",
         "公共卫生应急", "基层医疗卫生", "儿童健康管理", "慢性病防治"),
        ("社区居民", "老年人", "慢性病患者", "基层医务人员"),
        ("基层医疗服务能力不足", "医养结合服务供给不足", "心理健康服务资源分散",
         "家庭医生签约服务质量不高"),
        (NationalBody("国家卫生健康委员会", ("国家卫健委",)),),
        ("提升基层医疗服务能力", "推进医养结合", "加强心理健康服务", "完善公共卫生应急体系"),
    ),
    PolicyArea(
        "elderly", "养老服务", ("civil",), ("health", "finance", "housing", "medical"),
        ("居家养老服务", "社区养老服务", "养老服务人才培养", "老年助餐服务", "智慧养老",
         "适老化改造", "养老机构等级评定", "长者饭堂"),
        ("高龄老人", "失能老人", "独居老人", "养老机构"),
        ("社区养老服务设施不足", "养老护理人员短缺", "居家养老服务内容单一",
         "养老服务补贴标准偏低"),
        (NationalBody("民政部"),),
        ("完善居家社区养老服务", "加强养老服务人才队伍建设", "推进智慧养老", "扩大普惠养老供给"),
    ),
    PolicyArea(
        "education", "教育", ("education",), ("hrss", "finance", "science", "planning"),
        ("职业教育产教融合", "中小学课后服务", "学前教育", "教师专业发展", "校外培训监管",
         "学生心理健康教育", "劳动教育", "特殊教育"),
        ("中小学生", "职业院校学生", "教师", "家长"),
        ("学位供给紧张", "产教融合不够深入", "课后服务质量参差不齐", "教师编制不足"),
        (NationalBody("教育部"),),
        ("深化产教融合", "提升课后服务质量", "扩大学位供给", "加强教师队伍建设"),
    ),
    PolicyArea(
        "ecology", "生态环境保护", ("ecology",), ("planning", "housing", "transport", "finance"),
        ("生态环境监测", "碳排放权交易", "土壤污染防治", "噪声污染防治", "环境信用评价",
         "生态环境损害赔偿", "近零碳排放", "河湖生态修复"),
        ("排污单位", "工业园区", "重点企业", "社区居民"),
        ("噪声扰民投诉较多", "环境监测能力不足", "企业减排动力不足", "生态修复资金缺口大"),
        (NationalBody("生态环境部"),),
        ("加强噪声污染防治", "完善生态环境监测", "推动绿色低碳发展", "健全生态补偿机制"),
    ),
    PolicyArea(
        "housing", "住房和城乡建设", ("housing",), ("planning", "finance", "civil", "fin_reg"),
        ("保障性租赁住房", "城市更新", "老旧小区改造", "绿色建筑", "物业管理", "加装电梯",
         "建筑工人实名制管理", "住房租赁"),
        ("新市民", "青年人", "物业服务企业", "业主委员会"),
        ("保障性住房供给不足", "老旧小区配套设施落后", "加装电梯协调难", "物业服务质量不高"),
        (NationalBody("住房和城乡建设部", ("住建部",)),),
        ("扩大保障性租赁住房供给", "推进老旧小区改造", "提升物业管理水平", "推进城市更新"),
    ),
    PolicyArea(
        "transport", "交通", ("transport",), ("planning", "finance", "housing", "data"),
        ("公交优先", "停车设施建设", "慢行交通", "网约车监管", "智慧交通", "定制公交",
         "交通拥堵治理", "充电基础设施"),
        ("市民", "通勤人员", "网约车驾驶员", "交通运输企业"),
        ("停车难问题突出", "公交接驳不便", "慢行系统不连续", "充电设施布局不均"),
        (NationalBody("交通运输部"),),
        ("缓解停车难", "优化公交线网", "完善慢行交通系统", "加快充电设施建设"),
    ),
    PolicyArea(
        "finance", "金融服务", ("fin_reg",), ("finance", "industry", "commerce", "science"),
        ("中小微企业融资", "供应链金融", "绿色金融", "普惠金融", "融资担保", "企业上市培育",
         "金融纠纷调解", "数字人民币试点"),
        ("中小微企业", "民营企业", "拟上市企业", "金融机构"),
        ("中小微企业融资难", "担保费率偏高", "企业上市后备资源不足", "金融风险防控压力大"),
        (NationalBody("中国人民银行", ("人民银行",)),),
        ("缓解中小微企业融资难", "发展绿色金融", "支持企业上市", "防范化解金融风险"),
    ),
    PolicyArea(
        "legal", "法治建设", ("justice",), ("lawyers", "commerce", "civil", "finance"),
        ("公共法律服务", "涉外法律服务", "人民调解", "法律援助", "社区法律顾问",
         "企业合规", "行政复议", "律师人才培养"),
        ("中小企业", "困难群众", "涉外企业", "社区居民"),
        ("涉外法律服务人才不足", "法律援助覆盖面不广", "基层调解力量薄弱",
         "企业合规意识不强"),
        (NationalBody("司法部"),),
        ("完善公共法律服务体系", "加强涉外法律服务", "推进企业合规建设", "扩大法律援助覆盖面"),
    ),
    PolicyArea(
        "culture", "文化旅游", ("culture",), ("finance", "commerce", "planning", "education"),
        ("全域旅游", "文化遗产保护", "公共文化服务", "夜间文旅消费", "体育公园",
         "全民健身", "文旅融合", "非遗传承"),
        ("游客", "市民", "文旅企业", "非遗传承人"),
        ("公共文化设施分布不均", "文旅产品同质化", "非遗传承后继乏人", "健身场地不足"),
        (NationalBody("文化和旅游部", ("文旅部",)),),
        ("推动文旅融合发展", "完善公共文化服务体系", "加强非遗保护传承", "建设全民健身设施"),
    ),
)

# What a measure of each kind is called after its subject (科技成果转化 + 公共服务平台). The
# gold kind is the dictionary key; regulations are named by their 《title》 instead.
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "platform": ("公共服务平台", "综合服务平台", "信息服务平台", "线上服务平台", "数字化服务平台",
                 "供需对接平台", "交易平台"),
    "centre": ("服务中心", "促进中心", "创新中心", "指导中心", "运营中心", "发展研究中心",
               "综合服务中心", "监测中心"),
    "base": ("实训基地", "示范基地", "孵化基地", "实践基地", "人才培养基地", "创新基地"),
    "database": ("专家库", "案例库", "项目库", "人才库", "信息库", "数据库", "资源库"),
    "fund": ("引导基金", "发展基金", "产业投资基金", "风险补偿基金", "天使投资基金"),
    "alliance": ("产业联盟", "创新联盟", "服务联盟", "协同发展联盟"),
    "office": ("服务站", "工作站", "服务驿站", "咨询服务站", "服务窗口"),
    "pilot": ("试点", "综合试点", "示范区", "先行示范区"),
    "mechanism": ("联席会议制度", "协同联动机制", "快速响应机制", "首席专家制度", "信用评价制度",
                  "白名单制度"),
    "guide": ("服务指引", "操作指引", "合规指引", "服务指南", "工作手册"),
    "team": ("专家服务团队", "志愿服务队伍", "专业服务团队", "讲师团"),
    "insurance": ("保险", "综合保险", "责任保险"),
    "funding": ("项目资助", "专项资助", "专项补贴", "奖励"),
    "action": ("专项行动", "提升行动", "三年行动"),
    "voucher": ("服务券", "消费券", "创新券"),
}
REGULATION_SHAPES = ("{city}市{core}管理办法", "{city}市关于促进{core}发展的若干措施",
                     "关于加快推进{core}的实施意见", "{city}市{core}实施方案",
                     "{city}市{core}三年行动计划（{y}—{y2}年）", "{city}市{core}实施细则",
                     "{city}市{core}条例")
KIND_WEIGHTS: dict[str, int] = {
    "platform": 14, "centre": 14, "base": 9, "database": 7, "fund": 7, "alliance": 4,
    "office": 5, "pilot": 5, "mechanism": 6, "regulation": 13, "guide": 3, "team": 3,
    "insurance": 2, "funding": 3, "action": 2, "voucher": 2,
}

# Filler: sentences a reply is made of besides its commitments. They name no measure.
OPENINGS = (
    "非常感谢您对我市{area}工作的关心和支持。",
    "感谢您对{area}工作的关注。",
    "您的{kind_word}立足我市实际，所提建议具有较强的针对性和可操作性，对我们进一步做好{area}工作"
    "具有重要参考价值。",
    "我{selfunit}高度重视{kind_word}办理工作，专门召开专题会议研究办理，并与有关单位进行了沟通协调。",
    "收到{kind_word}后，我{selfunit}主要负责同志专门作出批示，要求认真研究、扎实办理。",
)
BACKGROUND = (
    "近年来，我市深入贯彻落实党中央、国务院关于{area}的决策部署，坚持问题导向，持续推动{area}"
    "高质量发展。",
    "正如您在{kind_word}中指出的，当前我市仍存在{problem}等问题，需要进一步加以解决。",
    "{area}事关经济社会发展全局，市委市政府高度重视，多次召开会议专题研究部署。",
    "但也要看到，{problem}，{problem2}，与群众的期待相比还有差距。",
    "我们认真研究了您提出的意见建议，认为很有针对性，有关工作已在推进之中。",
    "对照先进城市经验，我市在{area}方面还存在短板，需要在体制机制上进一步探索创新。",
)
BACKGROUND_NUMBERS = (
    # (template, amount kind); {n} is filled and recorded as an amount of the letter
    ("截至{year}年底，全市共有{client}{n}，较上年增长{pct}%。", "count_org"),
    ("{year}年，全市{area}相关财政投入达{n}，同比增长{pct}%。", "money_big"),
    ("目前，全市已累计服务{client}{n}，群众满意度达到{pct}%。", "count_people"),
)
FILLER_ITEMS = (
    "不断完善工作机制，强化部门协同配合，形成工作合力",
    "持续加大宣传力度，提高政策知晓度",
    "进一步优化服务流程，提升办事效率",
    "加强统筹协调，推动各项政策落地见效",
    "坚持以人民为中心，着力解决群众急难愁盼问题",
    "强化督促检查，确保各项任务按期完成",
    "认真总结试点经验，及时复制推广",
    "积极对接{client}需求，提供精准服务",
    "加强对{client}的政策指导和跟踪服务",
    "健全政策体系，优化发展环境",
)
CLOSINGS_PLAN = (
    "下一步，我们将认真吸纳您的意见建议，进一步加强统筹协调，推动{area}工作再上新台阶。",
    "下一步，我{selfunit}将继续会同有关部门，认真研究吸纳您的建议，不断提升{area}工作水平。",
    "我们将以此次{kind_word}办理为契机，持续改进工作，切实把好事办好、实事办实。",
)
SIGNOFFS = (
    "专此函复。",
    "特此函复。",
    "感谢您对{area}工作的关心，欢迎再提宝贵意见，并多加指导。",
    "感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见建议。",
)
DECLINE_REASONS = (
    "涉及国家与地方事权划分",
    "用地和资金保障暂不具备条件",
    "相关法律法规尚无明确规定",
    "涉及企业商业信息和数据安全",
    "需要国家有关部门统一部署",
    "与现行财政资金管理规定不符",
    "涉及多个部门职责调整",
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊"
    "帆帅旭宁龙林欣晨瑶怡晓雪婷琳颖倩鑫晶楠志建国文海波光荣荣伦毅振东红梅兰萍浩勃"
)
PARTIES = ("致公党{city}市委会", "民盟{city}市委会", "民建{city}市委会", "民进{city}市委会",
           "农工党{city}市委会", "九三学社{city}市委会", "台盟{city}市委会", "{city}市工商联",
           "民革{city}市委会")

# Sentences that explain a measure after it is named; they name no other measure.
ELABORATIONS = (
    "围绕{core}的重点环节，整合政府部门、行业协会、专业机构等各方资源，为{client}提供政策咨询、"
    "业务指导、资源对接等全流程服务。",
    "在运行上坚持政府引导、市场运作、社会参与的原则，不断提高服务的针对性和有效性。",
    "通过线上线下相结合的方式，及时发布政策信息、解读政策要点，帮助{client}用足用好各项扶持政策。",
    "{core}涉及面广、专业性强，需要多部门协同推进，我们在工作中注重加强与相关部门的沟通衔接。",
    "从实施情况看，{client}反映良好，政策获得感明显增强。",
    "在此基础上，我们积极借鉴先进城市经验，结合我市实际不断优化工作举措。",
    "工作中重点聚焦{client}反映集中的突出问题，坚持精准施策、分类指导，提升服务的精细化水平。",
    "我们将根据运行情况，及时总结经验做法，逐步扩大覆盖面。",
    "相关做法得到了上级部门的充分肯定，多家媒体进行了报道。",
    "为确保工作取得实效，我们明确了责任分工和时间节点，定期跟踪调度工作进展。",
    "这项工作着眼于破解{problem}的问题，兼顾当前和长远，注重制度设计的系统性。",
    "在推进过程中，我们广泛听取了人大代表、政协委员、{client}和专家学者的意见建议。",
    "目前各项工作进展顺利，{client}参与的积极性较高。",
    "同时加强对基层工作人员的业务培训，提升一线服务能力。",
    "对执行中发现的问题，我们及时研究解决，对政策条款作出必要的调整和完善。",
    "{client}可通过政务服务网、微信公众号等渠道在线办理，实现“一网通办”。",
)
BACKGROUND_MORE = (
    "{area}工作涉及面广，需要政府、市场和社会各方面共同发力。",
    "我们注意到，{problem}是您在{kind_word}中重点关注的问题，也是我们工作中着力破解的难点。",
    "{kind_word}所提建议与我市正在推进的工作方向高度契合。",
    "按照市委市政府的工作部署，我们把{area}列为年度重点工作，纳入部门绩效考核。",
    "近年来，我市{area}工作取得了一定成效，但与先进城市相比仍有不小差距。",
    "对此，我们高度重视，认真梳理了相关情况。",
    "为做好{kind_word}办理工作，我们专门赴有关区和{client}进行了实地调研。",
    "从全国情况看，各地在{area}方面普遍面临{problem}的问题。",
)

# Elaborations are also composed: lead-in + what was done + what for.
ELABORATION_LEADS = ("在具体工作中，", "为此，", "实践中，", "", "在此过程中，", "按照工作安排，",
                     "工作中，", "", "为抓好落实，")
ELABORATION_ACTIONS = (
    "我们坚持需求导向，主动对接{client}", "相关部门加强协同配合，形成推进合力",
    "注重发挥行业协会和专业机构的作用", "组织开展政策宣讲和业务培训", "定期收集{client}的意见建议",
    "对各项任务实行清单化管理、项目化推进", "强化数据共享和业务协同", "推动服务事项标准化、规范化",
    "鼓励社会力量参与{core}相关工作", "对重点{client}开展上门走访和跟踪服务",
    "加强对{core}工作的督导检查", "将{core}相关指标纳入年度考核",
)
ELABORATION_PURPOSES = ("，切实提升{client}的获得感和满意度。", "，推动{core}工作提质增效。",
                        "，确保各项措施落地落实。", "，进一步营造良好的发展环境。",
                        "，为{area}发展提供有力支撑。", "，逐步形成可复制可推广的经验。")
