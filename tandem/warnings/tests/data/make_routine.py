"""Generate the routine corpus (synthetic everyday texts) deterministically."""

import json
import random
from pathlib import Path

rng = random.Random(19)
days = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "next week",
    "tomorrow",
    "this afternoon",
    "the 14th",
    "after half term",
]
times = ["9am", "10:30", "half two", "4pm", "first thing", "lunchtime", "after work"]
meds = [
    "sertraline",
    "mirtazapine",
    "my inhaler",
    "quetiapine",
    "lithium",
    "my tablets",
    "propranolol",
    "fluoxetine",
    "my medication",
    "the new prescription",
]
people = [
    "my mum",
    "my husband",
    "my daughter",
    "my son",
    "my partner",
    "my carer",
    "my sister",
    "my dad",
    "my friend",
    "my neighbour",
]
things = [
    "the form",
    "the letter",
    "the leaflet",
    "the worksheet",
    "the link",
    "the video call link",
    "my care plan",
    "the questionnaire",
    "the referral",
    "the appointment letter",
]
feel = [
    "a bit better",
    "tired but ok",
    "calmer",
    "more settled",
    "a bit low but fine",
    "anxious about work",
    "much better",
    "up and down",
    "more positive",
    "less stressed",
]
places = [
    "the clinic",
    "the surgery",
    "the pharmacy",
    "the hospital",
    "the day centre",
    "reception",
    "the car park",
    "the bus stop",
    "the community centre",
    "the GP",
]
acts = [
    "went for a walk",
    "did the breathing exercises",
    "went swimming",
    "saw my friends",
    "cooked a proper meal",
    "tidied the house",
    "went to the allotment",
    "read a book",
    "went to the gym",
    "took the dog out",
]
idioms = [
    "this weather is killing me",
    "I'm dying for a cup of tea",
    "my feet are killing me",
    "I nearly died laughing at the telly",
    "I'm dead tired tonight",
    "the kids are driving me mad",
    "I'm losing my mind looking for my glasses",
    "work is murder this week",
    "I could kill for a bacon sandwich",
    "I was bored to death in the queue",
    "my phone is dead again",
    "that quiz was a killer",
    "I'm shattered",
    "I'm knackered after the shift",
    "my back is killing me",
]
T = [
    "Can I move my appointment to {d}?",
    "Is it ok if we do {d} at {t} instead?",
    "I'm running about ten minutes late, sorry",
    "Can I have a repeat prescription for {m}?",
    "Has {m} been sent to the pharmacy yet?",
    "Thank you for today, it helped a lot",
    "Thanks for the call, I'll try what you suggested",
    "I've been feeling {f} this week",
    "Could you resend {x}? I can't find it",
    "I can't open {x} on my phone",
    "{p} will come with me on {d}",
    "Where do I go when I get to {pl}?",
    "I {a} today like we talked about",
    "Just to let you know I {a} and it helped",
    "Sorry I missed the call, I was at {pl}",
    "Is the session on {d} still happening?",
    "{i} but otherwise all fine, see you {d}",
    "Haha {i}. Anyway, can we talk about {m} next time?",
    "The side effects of {m} are making me sleepy, is that normal?",
    "Can I take {m} with paracetamol?",
    "I've run out of {m}, can I collect more {d}?",
    "My sleep has been better since I {a}",
    "I'm a bit anxious about the appointment {d} but I'll be there",
    "Can we talk about reducing {m}?",
    "{p} says hello and thanks for the support",
    "I got the letter, thank you",
    "Please could you call me {d} at {t}",
    "I'd prefer a video call {d} if possible",
    "The bus was late so I couldn't get to {pl}, can we rebook?",
    "I filled in {x} and sent it back",
    "What's the number for {pl}?",
    "Do I need to bring anything on {d}?",
    "I'm feeling {f}, thanks for asking",
    "Had a good weekend, {a}",
    "Can I bring {p} to the next session?",
    "{p} is poorly so I need to cancel {d}, sorry",
    "I've started a new job so evenings are better for me now",
    "I'm going on holiday {d} so will miss one session",
    "Happy Christmas to all the team",
    "Is there parking at {pl}?",
    "I tried the sleep diary, it's in {x}",
    "I'm not sure I filled in {x} right, can you check?",
    "My GP said to ask you about {m}",
    "Can you send the letter to my new address?",
    "{i}. Looking forward to seeing you {d}",
    "Feeling {f}. Work is busy but manageable",
    "I've been doing the homework, it's hard but ok",
    "Could I swap to a female worker please?",
    "I've changed my phone number, it's on the form",
    "Thank you for sorting out {m} so quickly",
    "Just checking you got my last message about {d}",
    "I'm stressed about money but {p} is helping",
    "I had a row with {p} but we've made up",
    "My mood has been {f}",
    "Is it normal to feel {f} after starting {m}?",
    "I'd like to go back to weekly sessions if that's possible",
    "Can {p} pick up {m} for me?",
    "Great news, I passed my driving test!",
    "I won't be able to make {d}, I've got a hospital appointment",
    "Could I get a copy of {x}?",
]
out = set()
while len(out) < 1100:
    t = rng.choice(T)
    s = t.format(
        d=rng.choice(days),
        t=rng.choice(times),
        m=rng.choice(meds),
        p=rng.choice(people),
        x=rng.choice(things),
        f=rng.choice(feel),
        pl=rng.choice(places),
        a=rng.choice(acts),
        i=rng.choice(idioms),
    )
    s = s[0].upper() + s[1:]
    if rng.random() < 0.15:
        s = s.lower()
    out.add(s)
rows = sorted(out)
rng.shuffle(rows)
with open(Path(__file__).with_name("routine.jsonl"), "w") as f:
    for r in rows:
        f.write(json.dumps({"text": r, "label": 0}) + "\n")
print(len(rows))
