/** Synthetic but plausible Chinese names for villages, communities, schools and housing projects. */
import { Rng } from './rng';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙朱胡郑何高林罗郭梁宋谢叶余方汪程姜毛邵祝柴童鲁项傅蒋杜詹严姚范廖邱翁'.split('');
const PLACE_SUFFIX = '家宅坞源坑畈塘山岭口桥湾垄坪埠溪田园墩垅洋铺店庄坂弄'.split('');
const PREFIX = '上下前后东西南北大小新石黄青白高长双里外中金铜马龙凤梅竹松桃茶枫樟柘杉'.split('');
const FEATURE = '塘坑坞源溪桥山岭湖田畈垄口坪塔门湾潭滩洲林'.split('');
const COLOUR = '黄白青红石竹松茶桃梅枫樟'.split('');
const MIDDLE = '泥家塘山坑树林坞源溪'.split('');
const TAIL = '岭坞头口坪坑畈塘湾底脚背垄'.split('');
const COMM_A = '文昌锦绣荷花府新安和平兴华江滨城礼贤坊盈川阳光明丰泰康宁嘉怡景春秋月湖天宝翠柳枫樟金银玉'.split('');
const COMM_B = '昌华园苑兴安和平宁康泰源湖苑桥坊城阳光明秀丰盛景'.split('');
const KG_BRANDS = [
  '小天鹅',
  '蓝天',
  '阳光',
  '童心',
  '金色摇篮',
  '七彩',
  '贝贝',
  '新蕾',
  '启明星',
  '博雅',
  '小太阳',
  '育英',
  '爱心',
  '春蕾',
  '明珠',
  '未来星',
  '快乐宝贝',
  '小树苗',
  '彩虹',
  '鹿鸣',
  '书香',
  '小白鸽',
  '花蕾',
  '开心果',
  '童趣',
  '晨曦',
];
const HOUSING_A = '锦悦云澜翠湖江樾星河天玺御景紫宸观澜璟园和院雅苑溪岸春晓金茂滨江'.split('');
const HOUSING_SUFFIX = ['府', '苑', '园', '院', '湾', '里', '庭', '邸'];

/** Draws names until one is not in `taken` (then records it). */
function unique(rng: Rng, taken: Set<string>, make: () => string): string {
  for (let k = 0; k < 200; k++) {
    const n = make();
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
  // deterministic fallback: append a counter
  for (let k = 2; ; k++) {
    const n = `${make()}${k}`;
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
}

/** A village name (without 村). */
export function villageRoot(rng: Rng, taken: Set<string>): string {
  return unique(rng, taken, () => {
    const p = rng.next();
    if (p < 0.35) return rng.pick(SURNAMES) + rng.pick(PLACE_SUFFIX);
    if (p < 0.75) return rng.pick(PREFIX) + rng.pick(FEATURE);
    return rng.pick(COLOUR) + rng.pick(MIDDLE) + rng.pick(TAIL);
  });
}

/** A community name (without 社区). */
export function communityRoot(rng: Rng, taken: Set<string>): string {
  return unique(rng, taken, () => {
    let a = rng.pick(COMM_A);
    let b = rng.pick(COMM_B);
    while (b === a) b = rng.pick(COMM_B);
    if (rng.chance(0.1)) a = rng.pick(PREFIX);
    return a + b;
  });
}

export function kindergartenBrand(rng: Rng, taken: Set<string>): string {
  return unique(rng, taken, () => rng.pick(KG_BRANDS));
}

export function housingName(rng: Rng, taken: Set<string>): string {
  return unique(rng, taken, () => {
    const a = rng.pick(HOUSING_A);
    let b = rng.pick(HOUSING_A);
    while (b === a) b = rng.pick(HOUSING_A);
    return a + b + rng.pick(HOUSING_SUFFIX);
  });
}

/** Township name without its 街道/镇/乡 suffix (湖镇镇 -> 湖镇, 沐尘畲族乡 -> 沐尘). */
export function townshipShort(name: string): string {
  return name.replace(/(畲族乡|街道|乡|镇)$/, '');
}

const CHINESE_ORDINALS = ['', '第一', '第二', '第三', '第四', '第五', '第六', '第七', '第八', '第九', '第十'];
export function ordinal(n: number): string {
  return CHINESE_ORDINALS[n] ?? `第${n}`;
}
