"""Words the synthetic reply letters are written from: places, agencies, policy areas, phrasing.

The corpus's own vocabulary, written for this project and modelled on how replies to People's
Congress suggestions (建议) and CPPCC proposals (提案) are worded on government websites. It is
not taken from the extractor (nothing here reads ``extract/``) nor from any evaluation letter.
The places are a small list of real divisions of the project's own choosing, in their real
hierarchy (江西省 赣州市 章贡区/宁都县, 湖北省 宜昌市 当阳市 …; none is a place of the
development letters), with generic townships, streets, villages and roads. The agencies are
the ordinary bodies of Chinese local government at each level (省…厅/委, 市…局/委, 县/区…局,
镇人民政府, 街道办事处, …中心, …管委会) with the short forms letters write for them
(省交通厅, 市人社局, 区卫健局, 县交运局; 市 in a county-level city's letter is that city).
The measures are verb–object clauses of the kind replies report (纳入…项目, 增设公共厕所,
拨付资金, 召开专题协调会).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- places -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class County:
    name: str  # 宁都 (written 宁都县, 章贡区 or 当阳市)
    kind: str  # "县", "区" or "市" (a county-level city)
    towns: tuple[str, ...]  # 石坑 (石坑镇)
    streets: tuple[str, ...]  # 东外 (东外街道); districts mostly
    villages: tuple[str, ...]
    roads: tuple[str, ...]

    @property
    def full(self) -> str:
        return self.name + self.kind


@dataclass(frozen=True)
class Prefecture:
    name: str  # 赣州 (赣州市)
    area_code: str
    counties: tuple[County, ...]


@dataclass(frozen=True)
class Province:
    name: str  # 江西 (江西省)
    abbr: str  # one character of its document numbers (赣发改函)
    prefectures: tuple[Prefecture, ...]


# Real divisions (province -> prefecture-level city -> county, district or county-level city),
# spelled as officially written; none is a place of the development letters. Townships, streets,
# villages and roads are generic names of the corpus's own, chosen not to be the name of a
# division anywhere.
PROVINCES: tuple[Province, ...] = (
    Province(
        "江西",
        "赣",
        (
            Prefecture(
                "赣州",
                "0797",
                (
                    County(
                        "章贡",
                        "区",
                        ("水西",),
                        ("东外", "南外", "赣江"),
                        ("厚德社区", "健康社区"),
                        ("文清路", "章江路"),
                    ),
                    County(
                        "宁都",
                        "县",
                        ("石坑", "田埠", "长坪"),
                        ("翠微",),
                        ("上坪村", "下湾村", "枫树岭村", "黄泥坳村"),
                        ("宁石公路", "环城东路"),
                    ),
                    County(
                        "于都",
                        "县",
                        ("岭背", "禾丰", "车溪"),
                        ("贡江",),
                        ("水头村", "岗面村", "塘背村", "石门坳村"),
                        ("于桥公路", "长征大道"),
                    ),
                ),
            ),
            Prefecture(
                "吉安",
                "0796",
                (
                    County(
                        "吉州",
                        "区",
                        ("长塘",),
                        ("习溪桥", "永叔", "兴桥"),
                        ("白塘社区", "古南社区"),
                        ("鹭洲路", "庐陵大道"),
                    ),
                    County(
                        "永丰",
                        "县",
                        ("沙溪", "潭头", "坑口"),
                        ("恩江",),
                        ("老屋村", "田心村", "坪上村", "下塘村"),
                        ("永沙公路", "恩江大道"),
                    ),
                    County(
                        "泰和",
                        "县",
                        ("马市", "塘洲", "螺溪"),
                        ("白鹭",),
                        ("槐树坪村", "高垅村", "罗家村", "石溪村"),
                        ("泰马公路", "快阁路"),
                    ),
                ),
            ),
        ),
    ),
    Province(
        "湖北",
        "鄂",
        (
            Prefecture(
                "宜昌",
                "0717",
                (
                    County(
                        "西陵",
                        "区",
                        ("窑湾",),
                        ("学院", "云集", "葛洲坝"),
                        ("桃花岭社区", "樵湖社区"),
                        ("珍珠路", "沿江大道"),
                    ),
                    County(
                        "夷陵",
                        "区",
                        ("分乡", "黄花"),
                        ("小溪塔", "丁家坝", "峡州"),
                        ("峡口社区", "桔城社区"),
                        ("发展大道", "峡州路"),
                    ),
                    County(
                        "当阳",
                        "市",
                        ("河溶", "两河", "王店"),
                        ("玉阳", "坝陵"),
                        ("群益村", "双莲村", "胡场村", "金塘村"),
                        ("长坂路", "子龙路"),
                    ),
                ),
            ),
            Prefecture(
                "襄阳",
                "0710",
                (
                    County(
                        "樊城",
                        "区",
                        ("太平店", "牛首"),
                        ("米公", "定中门", "清河口"),
                        ("长虹社区", "春园社区"),
                        ("长征路", "人民路"),
                    ),
                    County(
                        "谷城",
                        "县",
                        ("石花", "盛康", "冷集"),
                        ("粉阳",),
                        ("堰河村", "黄畈村", "五山村", "庙滩村"),
                        ("谷石公路", "银城大道"),
                    ),
                    County(
                        "枣阳",
                        "市",
                        ("吴店", "琚湾", "熊集"),
                        ("北城", "南门"),
                        ("刘楼村", "李湾村", "杨垱村", "马庄村"),
                        ("光武大道", "中兴大道"),
                    ),
                ),
            ),
        ),
    ),
    Province(
        "四川",
        "川",
        (
            Prefecture(
                "绵阳",
                "0816",
                (
                    County(
                        "涪城",
                        "区",
                        ("青义", "丰谷"),
                        ("御营", "工区", "石塘"),
                        ("临园社区", "花园社区"),
                        ("临园路", "安昌路"),
                    ),
                    County(
                        "游仙",
                        "区",
                        ("魏城", "沉抗"),
                        ("富乐", "春雷", "东津"),
                        ("仙人桥社区", "仙鹤社区"),
                        ("绵州大道", "剑南路"),
                    ),
                    County(
                        "三台",
                        "县",
                        ("塔山", "鲁班", "新德"),
                        ("潼川",),
                        ("白鹤村", "高垭村", "龙树村", "金石村"),
                        ("三塔公路", "梓州大道"),
                    ),
                ),
            ),
            Prefecture(
                "南充",
                "0817",
                (
                    County(
                        "顺庆",
                        "区",
                        ("潆溪", "搬罾"),
                        ("中城", "北城", "舞凤"),
                        ("府街社区", "模范街社区"),
                        ("人民南路", "文化路"),
                    ),
                    County(
                        "阆中",
                        "市",
                        ("老观", "河溪", "千佛"),
                        ("保宁", "七里"),
                        ("天宫院村", "桥楼村", "柏垭村", "桂花村"),
                        ("张飞大道", "七里大道"),
                    ),
                    County(
                        "仪陇",
                        "县",
                        ("马鞍", "金城", "新政"),
                        ("城南",),
                        ("琳琅村", "石佛村", "柳垭村", "天星村"),
                        ("仪马公路", "红军路"),
                    ),
                ),
            ),
        ),
    ),
)

# --- agencies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """A kind of government body at one level: its full name after the place, the short
    forms letters write after the level character (县交运局 -> "交运局"), how it calls itself,
    and its part of a document number."""

    full: str
    shorts: tuple[str, ...]
    self_ref: str
    docabbr: str


def _b(full: str, shorts: tuple[str, ...] = (), self_ref: str = "我局", docabbr: str = "") -> Body:
    return Body(full, shorts, self_ref, docabbr)


# Bodies of a county, district or county-level city (written 县X / 区X / 市X in its own letters).
COUNTY_BODIES: dict[str, Body] = {
    "gov": _b("人民政府", ("政府",), "", "府"),
    "gov_office": _b("人民政府办公室", ("政府办",), "我办", "政办"),
    "transport": _b("交通运输局", ("交通运输局", "交运局", "交通局"), "我局", "交"),
    "housing": _b("住房和城乡建设局", ("住建局", "住房城乡建设局"), "我局", "建"),
    "health": _b("卫生健康局", ("卫健局", "卫生健康局"), "我局", "卫健"),
    "education": _b("教育体育局", ("教体局", "教育体育局"), "我局", "教体"),
    "agri": _b("农业农村局", ("农业农村局", "农业局"), "我局", "农"),
    "natres": _b("自然资源局", ("自然资源局", "资源局"), "我局", "自然资源"),
    "water": _b("水利局", ("水利局",), "我局", "水"),
    "urban": _b("综合行政执法局", ("综合执法局", "执法局"), "我局", "综执"),
    "culture": _b("文化和旅游局", ("文旅局", "文化旅游局"), "我局", "文旅"),
    "civil": _b("民政局", ("民政局",), "我局", "民"),
    "hrss": _b("人力资源和社会保障局", ("人社局",), "我局", "人社"),
    "finance": _b("财政局", ("财政局",), "我局", "财"),
    "ndrc": _b("发展和改革局", ("发改局", "发展改革局"), "我局", "发改"),
    "market": _b("市场监督管理局", ("市场监管局",), "我局", "市监"),
    "medical": _b("医疗保障局", ("医保局",), "我局", "医保"),
    "ecology": _b("生态环境分局", ("生态环境分局",), "我局", "环"),
    "road_centre": _b("公路事业发展中心", ("公路中心", "公路事业发展中心"), "我中心", "公路"),
    "zone": _b("经济开发区管理委员会", ("开发区管委会", "经开区管委会"), "我委", "开"),
}

# Bodies of a prefecture-level city (written 市X).
CITY_BODIES: dict[str, Body] = {
    "gov": _b("人民政府", ("政府",), "", "政"),
    "gov_office": _b("人民政府办公室", ("政府办",), "我办", "政办"),
    "transport": _b("交通运输局", ("交通运输局", "交通局"), "我局", "交"),
    "housing": _b("住房和城乡建设局", ("住建局",), "我局", "建"),
    "health": _b("卫生健康委员会", ("卫健委", "卫生健康委"), "我委", "卫健"),
    "education": _b("教育局", ("教育局",), "我局", "教"),
    "agri": _b("农业农村局", ("农业农村局", "农业局"), "我局", "农"),
    "natres": _b("自然资源和规划局", ("自然资源和规划局", "资规局"), "我局", "资规"),
    "water": _b("水务局", ("水务局",), "我局", "水"),
    "urban": _b("城市管理局", ("城管局", "城市管理局"), "我局", "城管"),
    "culture": _b("文化广电和旅游局", ("文广旅局", "文化广电旅游局"), "我局", "文广旅"),
    "civil": _b("民政局", ("民政局",), "我局", "民"),
    "hrss": _b("人力资源和社会保障局", ("人社局",), "我局", "人社"),
    "finance": _b("财政局", ("财政局",), "我局", "财"),
    "ndrc": _b("发展和改革委员会", ("发改委", "发展改革委"), "我委", "发改"),
    "market": _b("市场监督管理局", ("市场监管局",), "我局", "市监"),
    "medical": _b("医疗保障局", ("医保局",), "我局", "医保"),
    "ecology": _b("生态环境局", ("生态环境局", "环保局"), "我局", "环"),
    "data": _b("政务服务和数据管理局", ("数据局", "政务服务数据局"), "我局", "数"),
    "exchange": _b("公共资源交易中心", ("公共资源交易中心", "交易中心"), "我中心", "交易"),
    "zone": _b("高新技术产业开发区管理委员会", ("高新区管委会",), "我委", "高新"),
}

# Bodies of a province (written 省X).
PROVINCE_BODIES: dict[str, Body] = {
    "gov": _b("人民政府", ("政府",), "", "政"),
    "transport": _b("交通运输厅", ("交通运输厅", "交通厅"), "我厅", "交"),
    "housing": _b("住房和城乡建设厅", ("住建厅", "住房城乡建设厅"), "我厅", "建"),
    "health": _b("卫生健康委员会", ("卫健委", "卫生健康委"), "我委", "卫健"),
    "education": _b("教育厅", ("教育厅",), "我厅", "教"),
    "agri": _b("农业农村厅", ("农业农村厅",), "我厅", "农"),
    "natres": _b("自然资源厅", ("自然资源厅",), "我厅", "自然资源"),
    "water": _b("水利厅", ("水利厅",), "我厅", "水"),
    "urban": _b("住房和城乡建设厅", ("住建厅",), "我厅", "建"),
    "culture": _b("文化和旅游厅", ("文旅厅", "文化和旅游厅"), "我厅", "文旅"),
    "civil": _b("民政厅", ("民政厅",), "我厅", "民"),
    "hrss": _b("人力资源和社会保障厅", ("人社厅",), "我厅", "人社"),
    "finance": _b("财政厅", ("财政厅",), "我厅", "财"),
    "ndrc": _b("发展和改革委员会", ("发改委", "发展改革委"), "我委", "发改"),
    "market": _b("市场监督管理局", ("市场监管局",), "我局", "市监"),
    "medical": _b("医疗保障局", ("医保局",), "我局", "医保"),
    "ecology": _b("生态环境厅", ("生态环境厅",), "我厅", "环"),
}

# Organisations that put forward proposals in their own name (CPPCC 党派团体提案).
PROPOSER_ORGS = (
    "民盟{place}委员会",
    "民进{place}委员会",
    "九三学社{place}委员会",
    "农工党{place}委员会",
    "{place}工商业联合会",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰海燕文斌志宏鹏飞云亮晓"
    "波春梅立新德荣佳欣宇航俊丹凤琴雪松林峰"
)

# --- policy areas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A measure as a verb–object clause: ``verb`` + ``obj``; ``target`` is a 把/将 object
    (已将{target}纳入…); ``only`` limits the states it is said in. Objects hold placeholders the
    writer fills: {money} {km} {m} {m2} {mu} {ha} {pct} {n:UNIT} (a count) {cn:UNIT} (a count
    in Chinese numerals), {road} {village} {town} {next}."""

    verb: str
    obj: str
    target: str = ""
    only: tuple[str, ...] = ()


def _a(verb: str, obj: str, target: str = "", only: str = "") -> Action:
    return Action(verb, obj, target, tuple(only.split()) if only else ())


@dataclass(frozen=True)
class Area:
    key: str
    field: str  # 交通运输 reads "{field}工作"
    lead: tuple[str, ...]  # body keys that answer
    helpers: tuple[str, ...]  # body keys that co-handle or own a part
    asks: tuple[str, ...]  # proposal titles' subjects: 关于{ask}的建议
    actions: tuple[Action, ...]
    background: tuple[str, ...]  # context and statistics, not measures
    reasons: tuple[str, ...]  # why an ask cannot be met


AREAS: tuple[Area, ...] = (
    Area(
        "roads",
        "交通运输",
        ("transport", "road_centre", "gov"),
        ("finance", "natres", "ndrc", "town"),
        (
            "{road}路面维修",
            "硬化{village}通组道路",
            "改善{town}镇群众出行条件",
            "加快农村公路提档升级",
        ),
        (
            _a("纳入", "{next}年农村公路大中修项目", "该路段"),
            _a("硬化", "{village}通组道路{km}"),
            _a("拨付", "道路养护资金{money}"),
            _a("召开", "专题协调会", only="done planned"),
            _a("完成", "项目招投标", only="done"),
            _a("增设", "减速带和警示标志{n:处}"),
            _a("上报", "上级交通运输主管部门", "该项目"),
            _a("修复", "{road}沿线坑槽{m2}"),
            _a("开通", "城乡公交线路{n:条}"),
            _a("实施", "{road}拓宽改造工程"),
            _a("组织", "专业技术人员现场勘察", only="done planned"),
            _a("争取", "上级车购税补助资金{money}"),
            _a("完善", "{cn:个}路口的交通安全设施"),
            _a("新建", "错车道{n:个}"),
        ),
        (
            "全{level}现有农村公路{km}，通硬化路的建制村比例达到{pct}。",
            "近年来，{place}交通基础设施建设取得明显成效，农村群众出行条件不断改善。",
            "{road}建成于{past}年，受重载车辆通行影响，部分路段出现破损。",
            "{year}年全{level}共投入交通建设资金{money}，完成投资同比增长{pct}。",
            "根据{place}“十四五”综合交通运输发展规划，到2025年农村公路优良中等路率将达到{pct}。",
        ),
        ("{level}级财力有限", "该路段未列入上级补助计划", "资金缺口较大", "涉及占用基本农田"),
    ),
    Area(
        "urban",
        "城市管理",
        ("urban", "housing", "gov"),
        ("finance", "natres", "town"),
        (
            "解决{road}周边停车难问题",
            "增设城区公共厕所",
            "改善老旧小区居住环境",
            "规范城区占道经营",
        ),
        (
            _a("增设", "公共厕所{n:座}"),
            _a("新增", "停车泊位{n:个}"),
            _a("改造", "老旧小区{n:个}"),
            _a("更换", "破损路灯{n:盏}"),
            _a("清理", "占道经营摊点{n:处}"),
            _a("完成", "{road}雨污分流改造{m}", only="done"),
            _a("建设", "{cn:个}口袋公园"),
            _a("开展", "违规停车专项整治行动"),
            _a("铺设", "供水管网{km}"),
            _a("召开", "专题协调会", only="done planned"),
            _a("纳入", "{next}年城市更新项目", "该片区"),
            _a("设置", "临时停车场{n:处}"),
            _a("改造", "人行道{m2}"),
        ),
        (
            "城区现有公共停车泊位{n:个}，与机动车保有量相比缺口较大。",
            "随着城市规模不断扩大，{place}城市管理任务日益繁重。",
            "{year}年城区新增机动车{n:辆}，停车供需矛盾较为突出。",
            "目前城区共有公共厕所{n:座}，人均拥有量低于省定标准。",
        ),
        ("现有场地条件受限", "该地块规划用途为绿地", "涉及征地拆迁协调难度大", "资金缺口较大"),
    ),
    Area(
        "education",
        "教育",
        ("education", "gov"),
        ("finance", "housing", "hrss", "town"),
        (
            "增加城区公办学位",
            "改善{town}镇中心学校办学条件",
            "加强乡村教师队伍建设",
            "解决{village}幼儿入园难问题",
        ),
        (
            _a("新建", "{town}镇中心幼儿园"),
            _a("增加", "公办学位{n:个}"),
            _a("招聘", "特岗教师{n:名}"),
            _a("改造", "农村学校旱厕{n:所}"),
            _a("安排", "校舍维修资金{money}"),
            _a("配备", "校车{n:台}"),
            _a("实施", "{town}镇中心学校运动场改造工程"),
            _a("开展", "城乡教师交流轮岗"),
            _a("纳入", "{next}年义务教育薄弱环节改善项目", "该校"),
            _a("组建", "{cn:个}教育集团"),
        ),
        (
            "全{level}现有中小学{n:所}，在校学生{n:人}。",
            "近年来，{place}坚持教育优先发展，义务教育均衡发展水平不断提高。",
            "{year}年全{level}学前教育毛入园率达到{pct}。",
        ),
        (
            "{level}级财力有限",
            "用地指标紧张",
            "生源持续减少，新建学校不符合布局规划",
            "教师编制总量受限",
        ),
    ),
    Area(
        "health",
        "卫生健康",
        ("health",),
        ("finance", "medical", "hrss", "town"),
        (
            "提升基层医疗服务能力",
            "加强{town}镇卫生院建设",
            "推进家庭医生签约服务",
            "改善农村群众就医条件",
        ),
        (
            _a("新建", "村卫生室{n:所}"),
            _a("组建", "家庭医生签约服务团队{n:个}"),
            _a("配备", "急救车辆{n:台}"),
            _a("招聘", "乡村医生{n:名}"),
            _a("实施", "{town}镇卫生院业务用房改扩建工程"),
            _a("安排", "基层医疗设备购置资金{money}"),
            _a("开展", "巡回义诊活动{n:场}"),
            _a("纳入", "医保报销范围", "该类诊疗项目"),
            _a("建设", "远程会诊中心"),
        ),
        (
            "全{level}现有基层医疗卫生机构{n:家}，执业（助理）医师{n:人}。",
            "{year}年全{level}家庭医生签约率达到{pct}。",
            "近年来，{place}基层医疗卫生服务体系不断健全。",
        ),
        ("人员编制受限", "{level}级财力有限", "该地不符合卫生院设置标准"),
    ),
    Area(
        "culture",
        "文化旅游",
        ("culture",),
        ("finance", "education", "natres", "town"),
        (
            "加强非物质文化遗产保护",
            "发展{town}镇乡村旅游",
            "丰富群众文化生活",
            "保护{village}传统村落",
        ),
        (
            _a("举办", "{cn:届}乡村文化旅游节"),
            _a("建设", "村级综合文化服务中心{n:个}"),
            _a("申报", "省级非物质文化遗产代表性项目{n:项}"),
            _a("修缮", "{village}传统民居{n:栋}"),
            _a("开展", "非遗进校园活动{n:场}"),
            _a("设立", "旅游咨询服务点{n:处}"),
            _a("编制", "{town}镇乡村旅游发展规划"),
            _a("认定", "非遗传承基地{n:家}"),
            _a("安排", "文物保护资金{money}"),
        ),
        (
            "全{level}现有各级非物质文化遗产代表性项目{n:项}。",
            "{year}年全{level}接待游客{n:万人次}，实现旅游收入{money}。",
            "近年来，{place}文化事业和旅游产业融合发展态势良好。",
        ),
        ("该处属于文物保护范围，不宜开发", "资金缺口较大", "用地指标紧张"),
    ),
    Area(
        "agri",
        "农业农村",
        ("agri", "gov"),
        ("finance", "natres", "water", "town"),
        (
            "发展{town}镇特色种植业",
            "加强高标准农田建设",
            "壮大村级集体经济",
            "改善{village}农业生产条件",
        ),
        (
            _a("建设", "高标准农田{mu}"),
            _a("流转", "土地{mu}"),
            _a("发放", "产业奖补资金{money}"),
            _a("培育", "农民专业合作社{n:家}"),
            _a("实施", "{village}农村饮水安全巩固提升工程"),
            _a("帮扶", "脱贫户发展庭院经济{n:户}"),
            _a("完成", "退化林修复{ha}", only="done"),
            _a("开展", "农业实用技术培训{n:场}"),
            _a("纳入", "{next}年衔接资金项目库", "该项目"),
        ),
        (
            "全{level}耕地面积{mu}，其中已建成高标准农田{mu}。",
            "{year}年全{level}农村居民人均可支配收入增长{pct}。",
            "近年来，{place}深入推进乡村振兴，农业农村发展取得积极成效。",
        ),
        ("涉及占用基本农田", "{level}级财力有限", "该区域不在项目规划范围内"),
    ),
    Area(
        "water",
        "水利",
        ("water",),
        ("finance", "natres", "agri", "town"),
        ("治理{town}镇河道淤积", "加固病险水库", "解决{village}群众饮水困难", "完善农田灌溉设施"),
        (
            _a("疏浚", "{town}镇河道{km}"),
            _a("加固", "病险水库{n:座}"),
            _a("新建", "提灌站{n:座}"),
            _a("铺设", "供水管网{km}"),
            _a("安装", "净水消毒设备{n:台}"),
            _a("修复", "水毁渠道{m}"),
            _a("拨付", "水利工程维修资金{money}"),
            _a("纳入", "{next}年中小河流治理项目", "该河段"),
        ),
        (
            "全{level}共有小型水库{n:座}，农村自来水普及率达到{pct}。",
            "{year}年汛期，{place}遭遇多轮强降雨，部分水利设施受损。",
        ),
        ("该河段未列入上级治理规划", "资金缺口较大", "{level}级财力有限"),
    ),
    Area(
        "industry",
        "产业发展",
        ("ndrc", "zone", "gov"),
        ("finance", "natres", "market", "hrss"),
        ("支持工业园区发展", "缓解中小企业融资难", "加快园区基础设施建设", "培育壮大特色产业"),
        (
            _a("注入", "风险担保资金{money}"),
            _a("设立", "中小企业发展专项资金{money}"),
            _a("认定", "专精特新企业{n:家}"),
            _a("召开", "银企对接会{n:场}"),
            _a("争取", "中央预算内投资{money}"),
            _a("上报", "上级发展改革部门", "园区项目"),
            _a("保障", "园区建设用地{mu}"),
            _a("新建", "标准化厂房{m2}"),
            _a("引进", "配套企业{n:家}"),
            _a("纳入", "省级重点项目库", "该园区"),
        ),
        (
            "{year}年园区实现规模以上工业产值{money}，同比增长{pct}。",
            "园区现有入驻企业{n:家}，吸纳就业{n:人}。",
            "近年来，{place}坚持工业强{level}战略，园区承载能力不断增强。",
        ),
        ("用地指标紧张", "不符合国家产业政策", "资金缺口较大"),
    ),
    Area(
        "civil",
        "民政",
        ("civil",),
        ("finance", "health", "housing", "town"),
        (
            "发展农村互助养老",
            "提高高龄老人津贴标准",
            "推进居家适老化改造",
            "加强{town}镇养老服务设施建设",
        ),
        (
            _a("新建", "农村互助养老服务站{n:个}"),
            _a("发放", "高龄津贴{money}"),
            _a("改造", "特困供养服务设施{n:所}"),
            _a("完成", "困难老年人家庭适老化改造{n:户}", only="done"),
            _a("建设", "{cn:个}社区老年食堂"),
            _a("开展", "养老服务机构安全隐患排查"),
            _a("纳入", "{next}年民生实事项目", "该事项"),
        ),
        (
            "全{level}现有老年人口{n:人}，占总人口的{pct}。",
            "近年来，{place}养老服务体系建设稳步推进。",
        ),
        ("{level}级财力有限", "现有场地条件受限", "补贴标准由上级统一制定"),
    ),
)

# Follow-up steps after a declined ask (all planned).
FOLLOW_UPS: tuple[Action, ...] = (
    _a("争取", "上级专项资金支持"),
    _a("纳入", "{next}年项目储备库", "该事项"),
    _a("优先安排", "实施"),
    _a("开展", "前期调研论证"),
    _a("加强", "日常巡查和维护管理"),
)

CONDITIONS = ("上级资金下达", "项目批复", "规划调整到位", "资金落实", "上级下达计划")

# --- phrasing -----------------------------------------------------------------------------------

PRAISE = (
    "您提出的建议对改善群众生产生活条件具有重要意义，{self}高度重视。",
    "{self}对您的建议高度重视，认真进行了研究。",
    "感谢您对{field}工作的关注，您的建议切合实际，很有针对性。",
    "{field}工作事关群众切身利益，您的建议很有价值。",
)
THANKS = (
    "感谢您对{field}工作的关心和支持！",
    "最后，再次感谢您对{field}工作的理解和支持！",
    "衷心感谢您对我们工作的关心，欢迎继续提出宝贵意见。",
    "再次感谢您对{place}{field}工作的关心和支持。",
)
CLOSINGS = ("专此答复。", "特此函复。", "以上答复，请予审阅。", "")
COHANDLE_CLOSINGS = ("以上意见供你单位答复{title}时参考。", "以上会办意见，请你单位统一答复。")
SECTION_HEADS = (
    ("基本情况", "办理情况", "下一步工作"),
    ("有关情况", "工作开展情况", "下一步工作打算"),
    ("背景情况", "已开展的工作", "下一步打算"),
)

# After a measure: what it is for or what it achieved (not a measure of its own).
PURPOSES_DONE = (
    "，有效改善了群众生产生活条件",
    "，群众反映良好",
    "，取得了较好的社会效果",
    "，进一步提升了服务保障水平",
    "，切实解决了群众反映强烈的问题",
)
PURPOSES_PLAN = (
    "，切实保障群众出行安全",
    "，进一步满足群众需求",
    "，逐步补齐短板弱项",
    "，确保取得实效",
    "，推动问题早日解决",
)
# Context a letter gives before or between its answers (not measures).
CONTEXT = (
    "近年来，{place}认真贯彻落实上级关于{field}工作的决策部署，各项工作取得积极进展。",
    "您在{kind}中反映的问题客观存在，也是我们一直关注的问题。",
    "收到您的{kind}后，{self}组织相关业务人员进行了认真研究。",
    "从调查情况看，群众对此反映较为集中，解决这一问题具有现实意义。",
    "{field}工作涉及面广，需要多个部门协调配合。",
    "受资金、用地等因素制约，部分问题的解决还需要一个过程。",
)

# --- reorganisations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rename:
    """Before ``year``-``month`` the body ``key`` of a level was one of ``before`` (several:
    they were merged into it); from then on it has its present name (the tables above). The
    renames are those of the 2018 provincial and 2019 city and county institutional reforms
    (机构改革), as they ran in most provinces; the months are the corpus's own."""

    key: str
    year: int
    month: int
    before: tuple[Body, ...]


# Keyed by the table a level's bodies come from: "county" (counties, districts and
# county-level cities), "city", "province".
RENAMES: dict[str, dict[str, Rename]] = {
    "county": {
        r.key: r
        for r in (
            Rename(
                "natres", 2019, 3, (_b("国土资源局", ("国土资源局", "国土局"), "我局", "国土"),)
            ),
            Rename("agri", 2019, 3, (_b("农业局", ("农业局",), "我局", "农"),)),
            Rename(
                "culture",
                2019,
                3,
                (
                    _b("文化广电新闻出版局", ("文广新局", "文化局"), "我局", "文"),
                    _b("旅游局", ("旅游局",), "我局", "旅"),
                ),
            ),
            Rename("health", 2019, 3, (_b("卫生和计划生育局", ("卫计局",), "我局", "卫计"),)),
            Rename(
                "education",
                2019,
                3,
                (_b("教育局", ("教育局",), "我局", "教"), _b("体育局", ("体育局",), "我局", "体")),
            ),
            Rename(
                "market",
                2019,
                3,
                (
                    _b("工商行政管理局", ("工商局",), "我局", "工商"),
                    _b("质量技术监督局", ("质监局",), "我局", "质监"),
                    _b("食品药品监督管理局", ("食药监局",), "我局", "食药"),
                ),
            ),
            Rename("ecology", 2019, 3, (_b("环境保护局", ("环保局",), "我局", "环"),)),
        )
    },
    "city": {
        r.key: r
        for r in (
            Rename(
                "natres",
                2019,
                1,
                (
                    _b("国土资源局", ("国土资源局", "国土局"), "我局", "国土"),
                    _b("城乡规划局", ("规划局",), "我局", "规"),
                ),
            ),
            Rename("agri", 2019, 1, (_b("农业委员会", ("农委",), "我委", "农"),)),
            Rename(
                "culture",
                2019,
                1,
                (
                    _b("文化广电新闻出版局", ("文广新局",), "我局", "文"),
                    _b("旅游发展委员会", ("旅发委",), "我委", "旅"),
                ),
            ),
            Rename("health", 2019, 1, (_b("卫生和计划生育委员会", ("卫计委",), "我委", "卫计"),)),
            Rename(
                "market",
                2019,
                1,
                (
                    _b("工商行政管理局", ("工商局",), "我局", "工商"),
                    _b("食品药品监督管理局", ("食药监局",), "我局", "食药"),
                ),
            ),
        )
    },
    "province": {
        r.key: r
        for r in (
            Rename(
                "natres", 2018, 10, (_b("国土资源厅", ("国土资源厅", "国土厅"), "我厅", "国土"),)
            ),
            Rename("agri", 2018, 10, (_b("农业厅", ("农业厅",), "我厅", "农"),)),
            Rename(
                "culture",
                2018,
                10,
                (
                    _b("文化厅", ("文化厅",), "我厅", "文"),
                    _b("旅游发展委员会", ("旅发委",), "我委", "旅"),
                ),
            ),
            Rename("health", 2018, 10, (_b("卫生和计划生育委员会", ("卫计委",), "我委", "卫计"),)),
            Rename(
                "market",
                2018,
                10,
                (
                    _b("工商行政管理局", ("工商局",), "我局", "工商"),
                    _b("质量技术监督局", ("质监局",), "我局", "质监"),
                ),
            ),
        )
    },
}

# --- a later letter reporting on an earlier one's measure ----------------------------------------

# How a later letter says that an earlier measure (verb + object) was carried out: templates
# over the object ``{o}``; the first form leads with the verb (已建成{o}), the second with the
# object ({o}已建成并投入使用). A verb missing here is said with the generic forms.
DONE_FORMS: dict[str, tuple[str, str]] = {
    "增设": ("建成{o}", "{o}已建成并投入使用"),
    "新增": ("建成{o}", "{o}已全部投入使用"),
    "新建": ("建成{o}", "{o}已建成投用"),
    "建设": ("建成{o}", "{o}已全部建成"),
    "设置": ("建成{o}", "{o}已投入使用"),
    "设立": ("设立到位{o}", "{o}已正式设立"),
    "硬化": ("完成{o}硬化", "{o}已全部硬化"),
    "拨付": ("足额下达{o}", "{o}已全部拨付到位"),
    "修复": ("完成{o}修复", "{o}修复工作已完成"),
    "开通": ("正式开通{o}", "{o}已开通运营"),
    "实施": ("建成{o}", "{o}已完工"),
    "争取": ("争取到位{o}", "{o}已下达到位"),
    "完善": ("完成{o}完善提升", "{o}已完善到位"),
    "改造": ("完成{o}改造", "{o}改造工作已完成"),
    "更换": ("完成{o}更换", "{o}已全部更换完毕"),
    "清理": ("完成{o}清理", "{o}已全部清理到位"),
    "铺设": ("完成{o}铺设", "{o}已铺设完成并通水"),
    "增加": ("实际增加{o}", "{o}已全部投入使用"),
    "招聘": ("完成{o}招聘", "{o}已全部到岗"),
    "安排": ("落实{o}", "{o}已全部落实到位"),
    "配备": ("配齐{o}", "{o}已配备到位"),
    "组建": ("组建完成{o}", "{o}已组建运行"),
    "开展": ("累计开展{o}", "{o}已全部开展完毕"),
    "举办": ("成功举办{o}", "{o}已成功举办"),
    "申报": ("成功申报{o}", "{o}已获批立项"),
    "修缮": ("完成{o}修缮", "{o}修缮工程已完工"),
    "编制": ("完成{o}编制", "{o}已编制完成并印发"),
    "认定": ("完成{o}认定", "{o}已认定挂牌"),
    "流转": ("完成{o}流转", "{o}流转工作已完成"),
    "发放": ("发放到位{o}", "{o}已全部发放到位"),
    "培育": ("培育形成{o}", "{o}已培育成型"),
    "帮扶": ("完成{o}帮扶", "{o}帮扶工作已完成"),
    "疏浚": ("完成{o}疏浚", "{o}疏浚工程已完工"),
    "加固": ("完成{o}除险加固", "{o}除险加固工程已完工"),
    "安装": ("完成{o}安装", "{o}已安装到位并投入使用"),
    "注入": ("足额注入{o}", "{o}已注入到位"),
    "保障": ("落实{o}", "{o}已保障到位"),
    "引进": ("成功引进{o}", "{o}已落户投产"),
    "召开": ("累计召开{o}", "{o}已召开完毕"),
    "完成": ("验收{o}", "{o}已通过验收"),
}
DONE_GENERIC = ("完成{o}{v}", "{o}{v}工作已全部完成")
# Under way: the object first, so the words differ from the earlier 正在{verb}{object}.
PROGRESS_FORMS = (
    "{o}{v}工作正在有序推进",
    "{o}已开工建设",
    "{o}{v}工作已完成过半",
    "{o}{v}正在加紧推进",
)
# Still to do: a planned step put off to a later year, or a declined ask taken up again.
DELAYED_FORMS = ("{v}{o}工作推迟至{y}年实施", "{v}{o}工作调整至{y}年实施")
RESUMED_FORMS = ("将{v}{o}事项列入{y}年工作计划", "{v}{o}事项已纳入{y}年实施计划")
# After a planned step: it cannot be done after all.
DROPPED_FORMS = ("原计划{v}的{o}，因{reason}暂缓实施",)
# What a continuing letter may open with (the year is the earlier letter's).
BACK_REFERENCES = (
    "按照{y}年答复中的工作安排，",
    "针对您此前反映的问题，",
    "{y}年以来，",
    "关于上次答复中提到的事项，",
    "",
)
# The shorter names later letters write for what earlier ones wrote in full.
ABBREVIATIONS = {
    "公共厕所": "公厕",
    "停车泊位": "停车位",
    "城乡公交线路": "公交线路",
    "破损路灯": "路灯",
    "家庭医生签约服务团队": "家庭医生团队",
    "农村互助养老服务站": "互助养老站",
    "村级综合文化服务中心": "村综合文化服务中心",
    "标准化厂房": "标准厂房",
    "高标准农田": "高标田",
    "农民专业合作社": "合作社",
    "减速带和警示标志": "减速带",
    "中小企业发展专项资金": "中小企业专项资金",
    "道路养护资金": "养护资金",
}
