import { Model } from "survey-core";
const m = new Model({ elements: [
  { type: "ranking", name: "rk", isRequired: true, choices: ["a","b",{value:"c", visibleIf: "{x} = 1"}] },
  { type: "text", name: "x" },
]});
console.log("empty validate", m.validate(false,false), m.getQuestionByName("rk").errors.map((e:any)=>e.text));
m.setValue("rk", ["b"]);
console.log("partial", JSON.stringify(m.data), m.validate(false,false));
m.setValue("rk", ["b","a"]);
m.setValue("x", 1);
console.log("after c visible", JSON.stringify(m.data), m.validate(false,false));
m.setValue("rk", ["c","b","a"]);
m.setValue("x", 2);
console.log("after c hidden", JSON.stringify(m.data));
const q:any = m.getQuestionByName("rk"); console.log(q.rankingChoices.map((i:any)=>i.value));
