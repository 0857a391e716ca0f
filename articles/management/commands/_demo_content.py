# Long prose lines inside the Markdown and section bodies are intentional.
# ruff: noqa: E501
"""Demo content for the health publishing site.

Pure data, no Django imports. ``load_demo`` (beside it) reads these structures and
creates categories, contributors, conditions, articles and comments from them.

Shapes:

- CATEGORIES: dicts with "path", "name", "description", "position". Parents are
  listed before their children; a path's parent is everything before its last "/".
- CONTRIBUTORS: dicts with "slug", "name", "credentials", "bio", "account". The
  account is the demo login the contributor is linked to, or None.
- CONDITIONS: dicts with "slug", "name", "summary", "aliases", "sections" and
  "related". Sections are (kind, heading, body) tuples in display order; an empty
  heading means "use the kind's name". In section bodies, lines starting "- " are
  bullet points and a blank line separates paragraphs.
- ARTICLES: dicts; "body" is Markdown. "go_live_days" and "reviewed_days_ago" are
  relative to the day the loader runs. The first draft is dated ten days before the
  review (eleven days ago for an article not yet reviewed), so each source's
  "accessed_days_ago" is at least that far back: a source is read before it is cited.
- COMMENTS: dicts with "article", "reader", "text", "status".
"""

CATEGORIES = [
    {
        "path": "health",
        "name": "Health",
        "description": "Everyday health information: staying well, recovering from illness and getting the "
        "most from health services.",
        "position": 0,
    },
    {
        "path": "health/recovery",
        "name": "Recovery",
        "description": "Practical guidance for the weeks and months after an illness, operation or "
        "hospital stay.",
        "position": 0,
    },
    {
        "path": "health/recovery/rehabilitation",
        "name": "Rehabilitation",
        "description": "Rebuilding strength, fitness and confidence, including exercise, pacing and working "
        "with therapists.",
        "position": 0,
    },
    {
        "path": "health/living-well",
        "name": "Living Well",
        "description": "Small, realistic changes to sleep, activity and daily routines that help you "
        "feel better.",
        "position": 1,
    },
    {
        "path": "brain-and-nervous-system-health",
        "name": "Brain and Nervous System Health",
        "description": "Clear explanations of conditions affecting the brain, spinal cord, nerves and "
        "muscles, and how they are diagnosed and treated.",
        "position": 1,
    },
    {
        "path": "brain-and-nervous-system-health/muscle-and-nerve-conditions",
        "name": "Muscle and Nerve Conditions",
        "description": "Guides to neuromuscular conditions such as myasthenia gravis, neuromyotonia and "
        "myotonic dystrophy.",
        "position": 0,
    },
    {
        "path": "brain-and-nervous-system-health/tests-and-appointments",
        "name": "Tests and Appointments",
        "description": "What to expect from neurology tests and clinic visits, and how to prepare for them.",
        "position": 1,
    },
    {
        "path": "genetics-and-family-health",
        "name": "Genetics and Family Health",
        "description": "Inherited conditions explained for patients and relatives, including testing, "
        "counselling and family planning.",
        "position": 2,
    },
]

CONTRIBUTORS = [
    {
        "slug": "priya-raman",
        "name": "Priya Raman",
        "credentials": "BSc, health journalist",
        "bio": "Priya has written about health for patients and families for more than ten years, with a "
        "particular interest in rare and neurological conditions. Before moving into journalism she studied "
        "biomedical science and worked for a patient support charity.",
        "account": "writer",
    },
    {
        "slug": "tomasz-kowalczyk",
        "name": "Dr Tomasz Kowalczyk",
        "credentials": "MD, FRCP, consultant neurologist",
        "bio": "Dr Kowalczyk is a consultant neurologist who runs a specialist clinic for nerve and muscle "
        "conditions. He has a long-standing interest in autoimmune neurology and in helping patients "
        "understand their test results.",
        "account": "reviewer",
    },
    {
        "slug": "amara-okafor",
        "name": "Dr Amara Okafor",
        "credentials": "MBBS, MRCGP, general practitioner",
        "bio": "Dr Okafor is a GP partner in a busy inner-city practice and a trainer for newly qualified "
        "doctors. She reviews our articles on everyday symptoms, recovery and getting the most from primary "
        "care.",
        "account": "reviewer2",
    },
    {
        "slug": "helen-marsh",
        "name": "Helen Marsh",
        "credentials": "MA, managing editor",
        "bio": "Helen leads the editorial team and looks after our style, accuracy and review processes. She "
        "previously edited patient information leaflets for a large NHS trust.",
        "account": "editor",
    },
    {
        "slug": "owen-llewellyn",
        "name": "Owen Llewellyn",
        "credentials": "Health writer",
        "bio": "Owen writes practical guides on recovery, rehabilitation and navigating health services. A "
        "former sports coach, he is especially interested in helping people return to activity safely after "
        "illness.",
        "account": None,
    },
]

CONDITIONS = [
    {
        "slug": "neuromyotonia",
        "name": "Neuromyotonia",
        "summary": "A rare condition in which overactive peripheral nerves cause continuous muscle "
        "twitching, cramps and stiffness. It is often autoimmune and usually responds well to treatment.",
        "aliases": [
            "Isaacs' syndrome",
            "Neurogenic muscle rigidity",
            "Peripheral nerve hyperexcitability",
            "Continuous muscle fibre activity",
        ],
        "sections": [
            (
                "symptoms",
                "",
                """- Constant twitching or rippling of muscles under the skin (myokymia), which may carry on during sleep
- Cramps and muscle stiffness, often worse during or after exercise
- Muscles that are slow to relax after a strong grip or contraction
- Heavy sweating
- Tiredness, aching and sometimes weakness
- Tingling or numbness in some people""",
            ),
            (
                "causes",
                "",
                """Neuromyotonia happens when the peripheral nerves, which carry signals from the spinal cord to the muscles, become overexcitable and fire by themselves. In most adults the cause is autoimmune: the immune system makes antibodies against proteins linked to voltage-gated potassium channels in the nerve, most often CASPR2 and sometimes LGI1.

A minority of people, perhaps up to one in five, have a related tumour, most commonly a thymoma and less often a lung cancer or lymphoma. Rarer causes include inherited gene changes and nerve damage, and sometimes no cause is found.""",
            ),
            (
                "diagnosis",
                "",
                """Diagnosis is made by a neurologist. Electromyography (EMG) shows typical bursts of spontaneous electrical activity, called myokymic and neuromyotonic discharges, and nerve conduction studies may show extra discharges after each stimulus.

Blood tests check for CASPR2 and LGI1 antibodies and rule out other causes of cramp, such as thyroid problems or salt imbalances. A CT or MRI scan of the chest is usually arranged to look for a thymoma.""",
            ),
            (
                "treatment",
                "",
                """- Anti-seizure medicines such as carbamazepine, phenytoin, gabapentin or pregabalin to ease twitching, cramps and stiffness
- Plasma exchange or intravenous immunoglobulin (IVIG) for autoimmune cases, especially when symptoms are severe
- Steroids or other medicines that calm the immune system, for longer-term control in some people
- Surgery or other treatment for a thymoma or other tumour, if one is found""",
            ),
            (
                "management",
                "Living with neuromyotonia",
                """Regular gentle stretching, warmth and paced activity can ease stiffness. Drinking enough fluid helps if sweating is heavy. A symptom diary is useful at clinic reviews, and a physiotherapist can help with movement and posture.

People who have had a tumour or antibodies found are usually offered follow-up scans for some years.""",
            ),
            (
                "outlook",
                "",
                """The outlook is often good. Many people find their symptoms are well controlled with medicine, and some autoimmune cases improve a great deal or settle completely after immune treatment. When a tumour is involved, the outlook depends largely on the tumour and how it responds to treatment.""",
            ),
        ],
        "related": ["morvans-syndrome", "cramp-fasciculation-syndrome", "myasthenia-gravis"],
    },
    {
        "slug": "morvans-syndrome",
        "name": "Morvan's syndrome",
        "summary": "A rare autoimmune condition that combines the overactive nerves of neuromyotonia with "
        "effects on the brain and on automatic body functions, such as severe sleeplessness, confusion and "
        "heavy sweating.",
        "aliases": ["Morvan's fibrillary chorea", "Morvan syndrome"],
        "sections": [
            (
                "symptoms",
                "",
                """- Muscle twitching, cramps and stiffness, as in neuromyotonia
- Severe sleeplessness, sometimes with vivid dream-like episodes while awake
- Confusion, memory problems, hallucinations or changes in personality
- Heavy sweating, a fast or irregular heartbeat, changes in blood pressure and constipation
- Burning pain or itching of the skin
- Weight loss""",
            ),
            (
                "causes",
                "",
                """Morvan's syndrome is autoimmune. Most people have antibodies against CASPR2, often together with LGI1 antibodies, which disturb nerve signalling in both the peripheral nerves and the brain.

A thymoma is found in a substantial proportion of people, so looking for one is an important part of assessment. The condition is more common in men and usually starts in mid to later adult life.""",
            ),
            (
                "diagnosis",
                "",
                """Diagnosis rests on the combination of symptoms, an EMG showing nerve overactivity, and blood tests for CASPR2 and LGI1 antibodies. Sleep studies, an EEG (brainwave test) and brain scans may help to assess the effects on the brain. A CT or MRI scan of the chest looks for a thymoma, and heart monitoring checks for rhythm problems.""",
            ),
            (
                "treatment",
                "",
                """Treatment usually combines immune therapies, such as steroids, IVIG, plasma exchange and sometimes rituximab, with removal of any thymoma. Medicines to settle nerve overactivity, improve sleep and control pain are added as needed. People who are very unwell may need hospital care because of changes in heart rhythm and blood pressure.""",
            ),
            (
                "management",
                "Support for families",
                """Relatives often notice changes in sleep, memory or behaviour before anyone else, so involving them in appointments helps. Keep an up-to-date written list of medicines to share with every professional involved. After leaving hospital, a gradual return to normal routines with planned rest is usually advised.""",
            ),
            (
                "outlook",
                "",
                """Morvan's syndrome can be serious, but many people improve substantially with prompt treatment. Recovery can take months and some people are left with milder symptoms. Where a thymoma is present, its treatment strongly affects the long-term outlook, and regular follow-up matters because symptoms can return.""",
            ),
        ],
        "related": ["neuromyotonia"],
    },
    {
        "slug": "cramp-fasciculation-syndrome",
        "name": "Cramp-fasciculation syndrome",
        "summary": "A harmless but often troublesome condition that causes frequent muscle twitches and "
        "cramps without weakness or muscle wasting. It sits at the milder end of the range of peripheral "
        "nerve hyperexcitability disorders.",
        "aliases": ["Benign cramp-fasciculation syndrome"],
        "sections": [
            (
                "symptoms",
                "",
                """- Frequent small twitches (fasciculations), often in the calves, thighs, feet or eyelids
- Cramps, especially during or after exercise
- Muscle aching, stiffness or a feeling of tightness
- Reduced tolerance of exercise
- Tingling or a buzzing feeling in some people

Muscle strength and bulk stay normal, which is an important reassuring feature.""",
            ),
            (
                "causes",
                "",
                """The exact cause is often unclear. The nerves supplying the muscles are more excitable than usual, and in a small number of people antibodies similar to those found in neuromyotonia are detected. Symptoms are often made worse by hard exercise, stress, poor sleep, caffeine and some medicines.""",
            ),
            (
                "diagnosis",
                "",
                """A GP will usually ask about symptoms, check strength and reflexes, and arrange blood tests for thyroid function, salts, vitamin levels and the muscle enzyme creatine kinase. A neurologist may arrange an EMG, which typically shows twitching without signs of nerve or muscle damage.

Part of the purpose of testing is to rule out more serious conditions, such as motor neurone disease, which causes progressive weakness and wasting.""",
            ),
            (
                "treatment",
                "",
                """- A clear explanation and reassurance, which many people find helps most
- Regular calf and thigh stretches, particularly before bed
- Cutting down on caffeine and alcohol, and improving sleep
- Medicines such as carbamazepine, gabapentin or pregabalin if cramps are frequent and disabling""",
            ),
            (
                "outlook",
                "",
                """Cramp-fasciculation syndrome does not shorten life or lead to paralysis. Symptoms may last for months or years and tend to come and go, but many people find they become less bothersome over time, especially once they know the cause is not dangerous.""",
            ),
        ],
        "related": ["neuromyotonia"],
    },
    {
        "slug": "myotonic-dystrophy",
        "name": "Myotonic dystrophy",
        "summary": "An inherited condition that causes slowly progressive muscle weakness and myotonia (slow "
        "relaxation of muscles), and can also affect the heart, eyes, hormones, digestion and sleep. There "
        "are two main types, DM1 and DM2.",
        "aliases": ["Dystrophia myotonica", "DM1", "DM2", "Steinert's disease"],
        "sections": [
            (
                "symptoms",
                "",
                """- Difficulty letting go after gripping something, such as a door handle (myotonia)
- Weakness of the face, jaw, neck, hands and lower legs in DM1, and of the hips and thighs in DM2
- Cataracts at a younger age than usual
- Heart rhythm problems, which may cause no symptoms at first
- Daytime sleepiness and fatigue
- Swallowing difficulties, constipation or other bowel problems
- Hormone changes, including a higher risk of diabetes
- Learning difficulties in forms that start in childhood""",
            ),
            (
                "causes",
                "",
                """Myotonic dystrophy is caused by a stretch of genetic code that is repeated too many times. In DM1 this is a CTG repeat in the DMPK gene on chromosome 19; in DM2 it is a CCTG repeat in the CNBP gene on chromosome 3.

It is inherited in an autosomal dominant way, so each child of an affected parent has a 1 in 2 chance of inheriting it. In DM1 the repeat can grow from one generation to the next, which may lead to earlier and more severe symptoms. This is called anticipation.""",
            ),
            (
                "diagnosis",
                "",
                """The diagnosis is confirmed with a genetic blood test that measures the size of the repeat. Before that, a neurologist may notice myotonia on examination, and an EMG can show typical myotonic discharges. Once diagnosed, people are usually offered an ECG, an eye check and blood tests, including a check for diabetes, as a starting point for monitoring.""",
            ),
            (
                "treatment",
                "",
                """There is no cure yet, but many complications can be prevented or treated. A specialist may prescribe mexiletine for troublesome myotonia. Heart rhythm problems may need a pacemaker or implantable defibrillator, cataracts can be removed, and medicines may help with daytime sleepiness or gut symptoms. Physiotherapy, occupational therapy, speech and language therapy and ankle supports all have a part to play.""",
            ),
            (
                "management",
                "",
                """- Have a heart check (ECG) at least once a year, or as your team advises
- Carry an alert card: general anaesthetics and some sedatives carry extra risks
- Tell every doctor, dentist and surgeon about the diagnosis
- Pace activities and plan rest to manage fatigue
- Talk to a genetics service about what the diagnosis means for relatives""",
            ),
            (
                "outlook",
                "",
                """Myotonic dystrophy is lifelong and usually progresses slowly. How severe it is varies widely, even within one family, and DM2 is generally milder than DM1. Regular monitoring, particularly of the heart and breathing, helps many people stay active and independent for many years.""",
            ),
        ],
        "related": ["neuromyotonia"],
    },
    {
        "slug": "myasthenia-gravis",
        "name": "Myasthenia gravis",
        "summary": "An autoimmune condition in which signals from nerves to muscles are partly blocked, "
        "causing weakness that gets worse with use and improves with rest. It often affects the eyes, face "
        "and throat first.",
        "aliases": ["MG", "Erb-Goldflam disease"],
        "sections": [
            (
                "symptoms",
                "",
                """- Drooping of one or both eyelids
- Double or blurred vision
- Difficulty chewing, swallowing or speaking clearly, especially as a meal or conversation goes on
- Weakness of the neck, arms or legs that worsens with activity
- Breathlessness in more severe cases

Symptoms tend to vary from day to day and are often worse in the evening.""",
            ),
            (
                "causes",
                "",
                """In myasthenia gravis the immune system makes antibodies that interfere with the junction where nerves pass signals to muscles. Most people have antibodies against the acetylcholine receptor; a smaller number have antibodies against MuSK or LRP4 instead.

The thymus gland is often involved, and around 1 in 10 people has a thymoma. Infections, surgery, stress and some medicines can trigger flare-ups.""",
            ),
            (
                "diagnosis",
                "",
                """Blood tests for acetylcholine receptor and MuSK antibodies are usually the first step. Specialised nerve tests, including repetitive nerve stimulation and single-fibre EMG, can show the typical pattern of fatigue. A CT or MRI scan of the chest checks the thymus gland, and breathing tests may be done if there is any breathlessness.""",
            ),
            (
                "treatment",
                "",
                """- Pyridostigmine, which helps signals cross from nerve to muscle
- Steroids such as prednisolone, and other immunosuppressants such as azathioprine or mycophenolate
- Surgery to remove the thymus gland (thymectomy), which helps many people and is needed if a thymoma is found
- IVIG or plasma exchange for severe flares
- Newer targeted medicines for some people whose condition is hard to control""",
            ),
            (
                "management",
                "",
                """Planning the day around energy levels, taking rest breaks and timing demanding tasks to fit with medicine doses can make a real difference. Always check with a pharmacist or doctor before starting a new medicine, because some antibiotics and other drugs can make weakness worse. Carry an alert card and learn the warning signs of a myasthenic crisis.""",
            ),
            (
                "outlook",
                "",
                """With modern treatment most people with myasthenia gravis lead full and active lives, and some go into remission. Flares can still happen. A myasthenic crisis, in which the breathing muscles are affected, is a medical emergency that needs urgent hospital care.""",
            ),
        ],
        "related": ["lambert-eaton-myasthenic-syndrome", "neuromyotonia"],
    },
    {
        "slug": "lambert-eaton-myasthenic-syndrome",
        "name": "Lambert-Eaton myasthenic syndrome",
        "summary": "A rare autoimmune condition that weakens muscles, particularly in the hips and thighs, "
        "by reducing the chemical signal released from nerve endings. About half of cases are linked to "
        "small cell lung cancer.",
        "aliases": ["LEMS", "Lambert-Eaton syndrome", "Eaton-Lambert syndrome"],
        "sections": [
            (
                "symptoms",
                "",
                """- Weakness of the hips and thighs, making stairs or getting up from a chair hard
- Later, weakness of the shoulders and arms
- Strength that may briefly improve after a few seconds of effort
- Dry mouth, constipation, erection problems and other effects on automatic body functions
- Drooping eyelids or double vision, usually milder than in myasthenia gravis
- Reduced or absent reflexes""",
            ),
            (
                "causes",
                "",
                """In Lambert-Eaton myasthenic syndrome the immune system makes antibodies against voltage-gated calcium channels on nerve endings. These channels are needed to release acetylcholine, the chemical messenger that tells muscles to contract, so a weaker signal gets through.

In roughly half of people the immune reaction is triggered by small cell lung cancer, which is strongly linked to smoking. In the others no cancer is found, and the condition behaves like other long-term autoimmune conditions.""",
            ),
            (
                "diagnosis",
                "",
                """Blood tests look for antibodies to P/Q-type voltage-gated calcium channels. Nerve tests typically show small muscle responses that increase markedly after brief exercise, which helps tell the condition apart from myasthenia gravis. People are checked for lung cancer with a CT scan, often with a PET scan too, and screening is usually repeated for about two years if the first tests are clear.""",
            ),
            (
                "treatment",
                "",
                """- Treatment of any underlying cancer, which often improves the weakness
- Amifampridine, which helps nerve endings release more acetylcholine
- Steroids or other immunosuppressants when no cancer is present
- IVIG or plasma exchange for more severe weakness""",
            ),
            (
                "outlook",
                "",
                """Without cancer, the condition is usually long term but can often be well controlled, and life expectancy is generally normal. When it is linked to lung cancer, the outlook depends mainly on the cancer. Recognising the condition early can sometimes lead to a cancer being found at an earlier, more treatable stage.""",
            ),
        ],
        "related": ["myasthenia-gravis"],
    },
]

ARTICLES = [
    {
        "slug": "neuromyotonia-explained",
        "title": "Neuromyotonia explained: twitching, cramps and stiff muscles",
        "hero_image": "calf-stretch",
        "summary": "Neuromyotonia is a rare condition in which overactive nerves keep muscles twitching, "
        "cramping or stiff. This guide explains why it happens, how it is diagnosed and what treatment can "
        "do.",
        "body": """## What is neuromyotonia?

Neuromyotonia, also known as Isaacs' syndrome, is a rare condition of the peripheral nerves, the nerves that run from the spinal cord out to the muscles. In neuromyotonia these nerves become overexcitable and send out signals on their own, even when you are resting. The muscles respond to these unwanted signals by twitching, cramping or tightening.

Doctors sometimes use the wider term **peripheral nerve hyperexcitability** for this group of conditions. Neuromyotonia sits towards the more noticeable end of the range, while milder forms such as cramp-fasciculation syndrome sit at the other. It is a problem with the nerves rather than the muscles themselves, and it does not usually shorten life.

## What causes it?

In most adults, neuromyotonia is thought to be **autoimmune**. This means the immune system makes antibodies that attack the body's own tissue by mistake. Here, the antibodies target proteins that work alongside potassium channels in nerve fibres, most often one called **CASPR2** and, less often, **LGI1**. Older test reports may group these together as voltage-gated potassium channel (VGKC) complex antibodies. Potassium channels help a nerve settle after each signal, so when they are disrupted the nerve keeps firing.

[[image: nerve-muscle-junction]]

In some people the immune reaction is set off by a tumour elsewhere in the body, most often a **thymoma** (a growth of the thymus gland in the chest) and occasionally a lung cancer or lymphoma. Neuromyotonia can also appear alongside other autoimmune conditions, such as myasthenia gravis. Rarely, it runs in families, and sometimes no cause is found.

## Symptoms

Symptoms vary from person to person and can come and go. Common ones include:

- constant fine twitching or rippling under the skin (myokymia)
- painful cramps, especially after using a muscle
- stiffness that makes walking or using your hands awkward
- muscles that are slow to relax, for example difficulty opening your hand after gripping
- heavy sweating, sometimes for no obvious reason
- tiredness, aching or a feeling of weakness
- tingling or numbness in some people

Twitching can carry on during sleep. If you also notice confusion, severe sleeplessness, hallucinations or memory problems, tell your doctor promptly, as these can point to a related condition called Morvan's syndrome.

## How is it diagnosed?

Your GP will usually refer you to a neurologist. The key test is **electromyography (EMG)**, in which a very fine needle records electrical activity in a muscle. In neuromyotonia it picks up characteristic bursts of activity known as myokymic and neuromyotonic discharges. Nerve conduction studies are often done at the same visit.

Blood tests look for CASPR2 and LGI1 antibodies and check for other causes of cramp, such as thyroid problems. Because of the link with thymoma, most people are offered a **CT or MRI scan of the chest**, and sometimes other scans.

## How is it treated?

Treatment aims to calm the nerves and, where needed, settle the immune system.

- **Medicines for symptoms.** Anti-seizure medicines such as carbamazepine, phenytoin, gabapentin or pregabalin can reduce twitching, cramps and stiffness. Doses are usually increased slowly to limit side effects.
- **Immune treatments.** If antibodies are found or symptoms are severe, a specialist may suggest plasma exchange, intravenous immunoglobulin (IVIG), steroids or other medicines that calm the immune system.
- **Treating a tumour.** If a thymoma or other tumour is found, treating it can improve the nerve symptoms.

## Managing it day to day

Gentle stretching, warm baths and regular, moderate activity help many people with stiffness. A simple diary of symptoms, sleep and medicines can help you and your team spot patterns. If you sweat heavily, drink more fluids, especially in hot weather. Ask about a physiotherapy referral if stiffness affects how you move, and talk to your employer or college about adjustments if you need them.

To keep by the fridge or take to appointments: [[document: neuromyotonia-leaflet]].

## When to get help

See your GP if you have twitching, cramps or stiffness that last for several weeks or are getting worse. Get urgent medical help if you have difficulty breathing or swallowing, sudden weakness, chest pain or a racing heartbeat, or new confusion or severe sleeplessness.
""",
        "category": "brain-and-nervous-system-health",
        "tags": [
            "muscle cramps",
            "nerve disorders",
            "muscle twitching",
            "autoimmune conditions",
            "rare diseases",
        ],
        "conditions": ["neuromyotonia", "morvans-syndrome", "cramp-fasciculation-syndrome"],
        "authors": ["priya-raman"],
        "reviewer": "tomasz-kowalczyk",
        "status": "published",
        "go_live_days": -30,
        "reviewed_days_ago": 34,
        "featured": True,
        "sources": [
            {
                "title": "Isaacs' syndrome: overview for patients",
                "url": "https://www.ninds.nih.gov/health-information/disorders/isaacs-syndrome",
                "publisher": "National Institute of Neurological Disorders and Stroke",
                "accessed_days_ago": 46,
            },
            {
                "title": "Isaacs' syndrome: rare disease profile",
                "url": "https://rarediseases.org/rare-diseases/isaacs-syndrome/",
                "publisher": "National Organization for Rare Disorders",
                "accessed_days_ago": 46,
            },
        ],
    },
    {
        "slug": "living-with-night-time-muscle-cramps",
        "title": "Living with muscle cramps at night",
        "summary": "Night-time leg cramps are common and usually harmless, but they can ruin a good night's "
        "sleep. Here is what helps in the moment, what may reduce them, and when to see a doctor.",
        "body": """## Why do cramps strike at night?

A cramp is a sudden, involuntary tightening of a muscle, most often in the calf, foot or thigh. Night-time cramps are very common, particularly in older adults and during pregnancy. For most people no single cause is ever found.

Several things seem to make them more likely:

- tired muscles after a long day on your feet or an unusual amount of exercise
- sitting for long periods, or sleeping with your toes pointed down under heavy bedding
- tight calf muscles
- not drinking enough, especially in hot weather
- some medicines, including certain water tablets (diuretics) and cholesterol-lowering statins
- conditions such as diabetes, thyroid, kidney or liver problems, and nerve disorders

## What you can do when a cramp starts

Most cramps ease within a few minutes, although the muscle may feel sore for some time afterwards. To help a calf cramp pass:

- straighten your leg and pull your toes up towards your knee
- stand up and put your weight on the affected leg, or walk around
- massage the muscle firmly
- use a warm towel or hot water bottle once the worst has passed

## Reducing how often they happen

There is no guaranteed way to prevent night cramps, but these steps help some people:

- **Stretch before bed.** Gentle calf stretches for a few minutes each evening are simple and low risk. Stand facing a wall with one leg behind the other and lean forward, keeping the back heel on the floor.
- **Keep active during the day.** Regular walking or cycling keeps muscles in better condition.
- **Loosen the bedding.** Tucked-in sheets can hold your feet pointed down. A pillow under the covers at the foot of the bed can help.
- **Drink steadily through the day.** Cutting back on alcohol and late caffeine may also help.

## Medicines and supplements

Many people try magnesium, but research suggests it is unlikely to help typical night cramps in older adults, although it may have a place in pregnancy under medical advice. Tonic water contains too little quinine to be a reliable treatment. Quinine tablets are no longer routinely recommended in the UK because of the risk of serious side effects; a doctor may very occasionally consider them when cramps are severe and nothing else has worked.

If you think a medicine you take may be causing cramps, keep taking it and ask your GP or pharmacist whether there is an alternative.

## When to see your GP

Make an appointment if cramps are frequent, severe or getting worse, if they disturb your sleep most nights, or if you also notice muscle weakness, wasting, numbness or constant twitching. Frequent cramps with twitching are sometimes due to cramp-fasciculation syndrome, which is harmless but can be treated if it is troublesome.

Get medical help quickly if a painful, swollen, red or warm calf does not settle, as this can be a sign of a blood clot rather than a cramp.
""",
        "category": "health/living-well",
        "tags": ["muscle cramps", "sleep", "leg pain", "self-care"],
        "conditions": ["cramp-fasciculation-syndrome"],
        "authors": ["priya-raman"],
        "reviewer": "amara-okafor",
        "status": "published",
        "go_live_days": -400,
        "reviewed_days_ago": 405,
        "featured": False,
        "sources": [
            {
                "title": "Leg cramps: causes, self-help and when to get advice",
                "url": "https://www.nhs.uk/conditions/leg-cramps/",
                "publisher": "NHS",
                "accessed_days_ago": 417,
            },
            {
                "title": "Patient information on neurological conditions and symptoms",
                "url": "https://www.brainandspine.org.uk/",
                "publisher": "Brain & Spine Foundation",
                "accessed_days_ago": 417,
            },
        ],
    },
    {
        "slug": "after-nerve-conduction-study-and-emg",
        "title": "After a nerve conduction study or EMG: what to expect",
        "summary": "Nerve conduction studies and EMG are common neurology tests. This guide covers how you "
        "may feel afterwards, looking after yourself, and how you will get your results.",
        "body": """## A quick reminder of what the tests involve

A **nerve conduction study** measures how well and how quickly your nerves carry signals. Small sticky pads are placed on the skin and brief electrical pulses are passed along a nerve. Each pulse feels like a sudden tap or flick. It can be uncomfortable, but it lasts only a fraction of a second.

**Electromyography (EMG)** looks at the electrical activity in the muscles themselves. A very fine needle is placed into a few muscles in turn while you relax and then gently tighten them. The needle records signals; nothing is injected. Together, the tests help a neurologist look for nerve damage, nerve overactivity, or problems passing signals from nerve to muscle.

## How you might feel afterwards

Most people feel well enough to carry on with their normal day. You might notice:

- mild aching or tenderness in muscles where the needle was used, usually settling within a day or two
- small bruises or pinprick marks
- some tiredness, especially after a long appointment

Paracetamol is usually fine if you are sore; follow the directions on the packet. A warm bath or gentle movement can also help. Unless you have been told otherwise, you can drive, eat normally and go back to work the same day.

## Caring for the needle sites

Infection is rare. Keep the areas clean and avoid picking at any small scabs. If you take blood-thinning medicines, a bruise may be a little larger than usual. Contact your GP if a site becomes increasingly red, hot, swollen or painful, or if you develop a high temperature.

## Getting your results

The person doing the test may tell you a little about the findings on the day, but often a full report is written afterwards and sent to the doctor who referred you. This can take anything from a few days to a few weeks.

The results are read together with your symptoms, examination and any blood tests or scans, so one test rarely gives the whole picture on its own. If you were tested for a condition such as neuromyotonia, myasthenia gravis or Lambert-Eaton myasthenic syndrome, you may also need antibody blood tests or more specialised nerve tests.

## Things worth knowing

- EMG can briefly raise the level of a muscle enzyme called creatine kinase (CK) in the blood. If you have a CK blood test in the next few days, mention that you have recently had an EMG.
- If you were asked to pause a medicine before the test, check when to start it again.
- Write down questions as they occur to you, ready for your follow-up appointment.

## When to get help

Contact your GP or the department that did the test if pain is getting worse rather than better after a couple of days, or if you notice new weakness or numbness.

Rarely, when muscles close to the chest wall have been tested, the needle can affect the lung. Call 999 or go to A&E if you develop sudden breathlessness or chest pain after your test.
""",
        "category": "brain-and-nervous-system-health/tests-and-appointments",
        "tags": ["tests and investigations", "nerve disorders", "neurology appointments"],
        "conditions": ["neuromyotonia", "myasthenia-gravis", "lambert-eaton-myasthenic-syndrome"],
        "authors": ["owen-llewellyn"],
        "reviewer": "tomasz-kowalczyk",
        "status": "published",
        "go_live_days": -55,
        "reviewed_days_ago": 60,
        "featured": False,
        "sources": [
            {
                "title": "Electromyography: how the test is done and what results mean",
                "url": "https://medlineplus.gov/ency/article/003929.htm",
                "publisher": "MedlinePlus, US National Library of Medicine",
                "accessed_days_ago": 72,
            },
            {
                "title": "Information and helpline for people with neurological conditions",
                "url": "https://www.brainandspine.org.uk/",
                "publisher": "Brain & Spine Foundation",
                "accessed_days_ago": 72,
            },
        ],
    },
    {
        "slug": "myasthenia-gravis-fatigue-at-work",
        "title": "Myasthenia gravis and fatigue at work: pacing your day",
        "summary": "Muscle fatigue in myasthenia gravis builds up with use, which can make a working day "
        "hard to predict. These practical tips and workplace adjustments can help.",
        "body": """## Why myasthenia fatigue is different

Everyone gets tired, but the fatigue of myasthenia gravis is specific to the muscles. The more you use a muscle, the weaker it becomes, and it recovers with rest. You might start the day typing easily and find your hands slowing by lunchtime, your voice fading during a long call, or your eyelids drooping by mid-afternoon.

Heat, stress, poor sleep, infections and missed doses often make symptoms worse. Knowing your own pattern is the first step to working around it.

## Plan your day around your energy

- **Time demanding tasks.** Many people feel strongest at a particular point after taking pyridostigmine. Ask your team how to time doses, then schedule the hardest work for your best window.
- **Work in shorter blocks.** Break long tasks into chunks with short rests in between, rather than pushing on until you are exhausted.
- **Mix things up.** Alternate tasks that use different muscles, such as a phone call followed by reading, so no single group tires out.
- **Keep a diary.** For a couple of weeks, note your symptoms, doses, tasks and sleep. Patterns often appear that you can plan around.
- **Protect your breaks.** Eating when your chewing and swallowing are at their strongest can make meals easier.

## Adjustments that can help

In Great Britain, many people with myasthenia gravis are covered by the Equality Act 2010, which means employers must consider **reasonable adjustments**. Useful examples include:

- flexible or later start times
- working from home on some days
- planned rest breaks and fewer back-to-back meetings
- a supportive chair, a headset for calls, or voice recognition software if typing is tiring
- a cooler workspace or a desk fan, as heat often worsens weakness
- a phased return after a flare or time off sick

The government's Access to Work scheme may help pay for equipment, a support worker or extra travel costs.

## Talking to your employer

You do not have to tell your employer about your condition, but doing so is often what makes adjustments possible. A referral to occupational health can help both sides agree a plan. It helps to explain that symptoms fluctuate, so you may manage a task easily in the morning and struggle with it later in the day.

## Driving and travel

If double vision or drooping eyelids affect your sight, do not drive until you have spoken to your doctor. Check whether you need to tell the DVLA about your condition, and build extra time and rest into work travel.

## When to get urgent help

Call 999 if you notice weakness in your breathing, difficulty swallowing or coughing, or if you cannot speak in full sentences. These can be signs of a myasthenic crisis. It is worth telling a trusted colleague what to look out for and where you keep your alert card.
""",
        "category": "brain-and-nervous-system-health/muscle-and-nerve-conditions",
        "tags": ["myasthenia gravis", "fatigue", "work and employment", "pacing"],
        "conditions": ["myasthenia-gravis", "lambert-eaton-myasthenic-syndrome"],
        "authors": ["priya-raman", "owen-llewellyn"],
        "reviewer": "tomasz-kowalczyk",
        "status": "published",
        "go_live_days": -14,
        "reviewed_days_ago": 18,
        "featured": True,
        "sources": [
            {
                "title": "Support and information for people affected by myasthenia",
                "url": "https://www.myaware.org/",
                "publisher": "Myaware",
                "accessed_days_ago": 30,
            },
            {
                "title": "Access to Work: help with costs and support at work",
                "url": "https://www.gov.uk/access-to-work",
                "publisher": "GOV.UK",
                "accessed_days_ago": 30,
            },
            {
                "title": "Myasthenia gravis: symptoms, diagnosis and treatment",
                "url": "https://www.nhs.uk/conditions/myasthenia-gravis/",
                "publisher": "NHS",
                "accessed_days_ago": 30,
            },
        ],
    },
    {
        "slug": "myotonic-dystrophy-genetics-for-families",
        "title": "Myotonic dystrophy genetics: a guide for families",
        "summary": "When one person is diagnosed with myotonic dystrophy, relatives often have questions "
        "about their own risk. This guide explains how the condition is inherited and what testing involves.",
        "body": """## How myotonic dystrophy is passed on

Myotonic dystrophy is inherited in an **autosomal dominant** pattern. This means a person only needs one altered copy of the gene, from either parent, to have the condition. Each child of a parent with myotonic dystrophy has a **1 in 2 chance** of inheriting it, and that chance is the same in every pregnancy. Men and women are affected equally, and the condition does not skip generations, although very mild cases can go unnoticed for years.

## What is a repeat, and why does it matter?

Both main types are caused by a short piece of genetic code that is repeated far more times than usual.

- In **DM1**, the repeat is three letters (CTG) in a gene called DMPK.
- In **DM2**, it is four letters (CCTG) in a gene called CNBP.

A genetic test counts, or estimates, the number of repeats. In DM1, a larger number of repeats generally goes with earlier and more severe symptoms, but the link is not exact. Two people with similar results can have quite different experiences, so the number alone cannot predict exactly how someone will be affected.

## Anticipation: why it can change between generations

In DM1, the repeat often grows when it is passed on. This means a child may develop symptoms younger, or more severely, than their parent. The most severe form, congenital myotonic dystrophy, affects babies from birth and is almost always inherited from the mother. In DM2, this growing effect is much less noticeable.

Sometimes a grandparent has only early cataracts or mild grip problems, and the family connection becomes clear only when a child or grandchild is diagnosed.

## Should other family members be tested?

Testing is a personal choice, and there is no right answer. Some relatives want to know so they can have heart and eye checks; others prefer not to. A regional **clinical genetics service** offers counselling before any test, so people can think through how a result might affect them, their relationships and their plans.

Testing children who have no symptoms is usually delayed until they are old enough to decide for themselves, unless the result would change their medical care.

In the UK, an agreement between the government and insurers limits how predictive genetic test results can be used for most insurance. Your genetic counsellor can explain what this means for you.

## Planning a family

If you or your partner has myotonic dystrophy, there are options to discuss with a genetics team, ideally before a pregnancy. These include testing during pregnancy and, for some couples, IVF with testing of embryos before implantation. Some people choose not to have any testing. Whatever you decide, specialist advice is available.

## Practical points for every family

- Anyone with, or at risk of, myotonic dystrophy should tell their surgeon and anaesthetist before any operation.
- Early cataracts or heart rhythm problems in a relative can be a clue worth mentioning to a doctor.
- Sharing a clinic letter can help relatives get referred more quickly.
""",
        "category": "genetics-and-family-health",
        "tags": ["myotonic dystrophy", "genetic testing", "inherited conditions", "family planning"],
        "conditions": ["myotonic-dystrophy"],
        "authors": ["priya-raman"],
        "reviewer": "tomasz-kowalczyk",
        "status": "scheduled",
        "go_live_days": 7,
        "reviewed_days_ago": 3,
        "featured": False,
        "sources": [
            {
                "title": "Myotonic dystrophy type 1: clinical and genetic review",
                "url": "https://www.ncbi.nlm.nih.gov/books/NBK1165/",
                "publisher": "GeneReviews, National Center for Biotechnology Information",
                "accessed_days_ago": 15,
            },
            {
                "title": "Information and support for people with muscle-wasting conditions",
                "url": "https://www.musculardystrophyuk.org/",
                "publisher": "Muscular Dystrophy UK",
                "accessed_days_ago": 15,
            },
            {
                "title": "Resources for families living with myotonic dystrophy",
                "url": "https://www.myotonic.org/",
                "publisher": "Myotonic Dystrophy Foundation",
                "accessed_days_ago": 15,
            },
        ],
    },
    {
        "slug": "getting-back-to-exercise-after-long-illness",
        "title": "Getting back to exercise after a long illness",
        "summary": "After weeks or months of illness, returning to exercise can feel daunting. Starting "
        "small and building up gradually is the safest way to regain strength and confidence.",
        "body": """## Start from where you are now

A long illness, hospital stay or period of bed rest takes a toll on muscle strength, stamina and balance, often faster than people expect. It is normal to feel frustrated that things which used to be easy now leave you tired. The aim at first is not to get back to your old routine straight away, but to find a level of activity you can manage comfortably and build from there.

If you are recovering from a heart or lung problem, an operation, or a neurological condition, ask your GP, specialist or physiotherapist what is safe for you before you begin. Many hospitals offer rehabilitation programmes that are well worth taking up.

## A simple way to build up

- **Begin with short sessions.** Five to ten minutes of gentle walking, once or twice a day, is a perfectly good start.
- **Increase one thing at a time.** Add a little more time, distance or effort, but not all three at once.
- **Go up in small steps.** If a level feels comfortable for several days, increase it slightly. If it does not, stay where you are or step back.
- **Include strength and balance.** Simple exercises such as standing up from a chair several times, heel raises holding a worktop, or gentle resistance band work help rebuild muscle.
- **Plan rest days.** Recovery happens between sessions, not just during them.

## How hard should it feel?

A useful guide is the talk test. During moderate activity you should be able to talk in full sentences but not sing. If you cannot speak comfortably, ease off. Some aching in the muscles a day or two later is normal when you start something new; sharp pain, or pain in a joint, is a reason to stop and get advice.

## Signs to stop and seek advice

Stop exercising and get medical help if you have:

- chest pain, pressure or tightness
- breathlessness that is much worse than expected or does not settle with rest
- a racing or irregular heartbeat
- feeling faint, dizzy or very unwell
- new weakness, numbness or difficulty speaking

Call 999 if chest pain is severe or does not go away, or if you have signs of a stroke.

## If exertion makes you feel worse later

Some people find that activity leaves them much more exhausted a day or two later, sometimes with flu-like symptoms, poor sleep or brain fog. This is known as post-exertional symptom worsening and can happen with long COVID and ME/CFS. If this sounds familiar, talk to your healthcare team before increasing activity. A standard step-up plan may not suit you, and **pacing** within your energy limits is usually recommended instead.

## Staying motivated

- Set small, specific goals, such as walking to the end of the road and back.
- Keep a simple record so you can see progress over weeks, not just days.
- Exercise with a friend, or join a local walking group or class designed for beginners.
- Be kind to yourself on bad days. Setbacks are common and do not mean you are back at the start.
""",
        "category": "health/recovery/rehabilitation",
        "tags": ["exercise", "rehabilitation", "recovery", "fatigue"],
        "conditions": [],
        "authors": ["owen-llewellyn"],
        "reviewer": "amara-okafor",
        "status": "in_review",
        "go_live_days": None,
        "reviewed_days_ago": None,
        "featured": False,
        "sources": [
            {
                "title": "Physical activity guidelines for adults",
                "url": "https://www.nhs.uk/live-well/exercise/physical-activity-guidelines-for-adults-aged-19-to-64/",
                "publisher": "NHS",
                "accessed_days_ago": 13,
            },
            {
                "title": "Finding and working with a physiotherapist",
                "url": "https://www.csp.org.uk/",
                "publisher": "Chartered Society of Physiotherapy",
                "accessed_days_ago": 13,
            },
        ],
    },
    {
        "slug": "neurology-appointment-checklist",
        "title": "A checklist for your neurology appointment",
        "summary": "Neurology appointments can feel short and there is a lot to cover. A little preparation "
        "helps you explain your symptoms clearly and leave with the answers you need.",
        "body": """## Before the appointment

A neurologist will want to understand your story in detail, and the time available can pass quickly. Spending half an hour preparing beforehand can make a real difference.

- **Write a short timeline.** When did your symptoms start? Did they come on suddenly or gradually? Have they changed, spread or come and go?
- **Describe what happens.** Use your own words. "My right hand locks after I grip the kettle" is more useful than "stiffness".
- **Note triggers and patterns.** Are symptoms worse at a particular time of day, after exercise, in the heat or when you are tired?
- **Think about the effect on daily life.** Mention anything you have had to stop doing, such as driving, working full days or climbing stairs.
- **Record it if you can.** Symptoms such as twitching, tremor or episodes of weakness may not show up on the day. A short video on your phone can be very helpful.

## What to bring

- your appointment letter and any referral information
- a list of all your medicines, including doses, supplements and anything bought over the counter
- details of any medicines you have tried before and why they were stopped
- results or letters from tests done elsewhere
- your family history, especially relatives with nerve or muscle conditions
- glasses or hearing aids if you use them
- a notebook, or someone who can take notes for you

## Questions you might ask

Pick the three or four that matter most to you and ask those first.

- What do you think might be causing my symptoms?
- What tests do I need, and what do they involve?
- How and when will I get the results?
- Is there anything I should avoid, or anything I can do to help myself?
- Are there warning signs that mean I should get help sooner?
- Who can I contact if I have questions before my next appointment?

## On the day

Arrive a little early, as you may need to fill in forms. Wear clothes that are easy to move in and allow your arms and legs to be examined. If you think you might feel overwhelmed, it is fine to bring a relative or friend into the room with you.

Do not worry if you forget something. You can ask the neurologist to repeat or explain anything, and it is reasonable to ask for a copy of the clinic letter.

## Afterwards

Read through your notes while the appointment is fresh in your mind. Book any tests you have been asked to arrange, and put follow-up dates in your diary. If your symptoms change significantly before your next appointment, contact your GP or the clinic rather than waiting.
""",
        "category": "brain-and-nervous-system-health/tests-and-appointments",
        "tags": ["neurology appointments", "self-care", "tests and investigations"],
        "conditions": [],
        "authors": ["owen-llewellyn"],
        "reviewer": None,
        "status": "draft",
        "go_live_days": None,
        "reviewed_days_ago": None,
        "featured": False,
        "sources": [],
    },
    {
        "slug": "morvans-syndrome-guide-for-families",
        "title": "Morvan's syndrome: a guide for families and carers",
        "summary": "Morvan's syndrome can cause sudden changes in sleep, thinking and behaviour as well as "
        "muscle symptoms. This guide explains the condition and how families can help during treatment.",
        "body": """## What is Morvan's syndrome?

Morvan's syndrome is a rare autoimmune condition. The immune system makes antibodies, usually against a protein called CASPR2 and sometimes also LGI1, which disturb the way nerves send signals. It affects the nerves to the muscles, the brain, and the automatic nervous system that controls things like sweating, heart rate and digestion.

It shares many muscle symptoms with neuromyotonia, but the effects on sleep and thinking make it more serious. It is more common in men, and in a substantial number of people it is linked to a thymoma, a growth of the thymus gland in the chest.

## Changes families may notice

Relatives are often the first to notice that something is wrong. Signs can include:

- severe difficulty sleeping, sometimes for weeks, with the person seeming to act out dreams while awake
- confusion, forgetfulness or muddled speech
- seeing or hearing things that are not there
- changes in personality, mood or behaviour
- constant muscle twitching, cramps or stiffness
- heavy sweating, a racing heart, constipation, or burning pain and itching
- weight loss

These changes can be frightening. They are caused by the illness, not by the person's character, and they often improve with treatment.

## How it is diagnosed

A neurologist will usually arrange blood tests for antibodies, an EMG to measure nerve overactivity, and scans of the chest to look for a thymoma. Sleep studies, a brainwave test (EEG) and heart monitoring may also be needed. It can take time to put the picture together, because the symptoms overlap with other conditions.

## Treatment and recovery

Treatment usually aims to calm the immune system with steroids, immunoglobulin (IVIG), plasma exchange or other medicines. If a thymoma is found, it is usually removed. Extra medicines may be used for sleep, pain and nerve overactivity. Some people need to stay in hospital for a while so their heart rhythm and blood pressure can be monitored.

Many people improve a great deal, although recovery can be slow and may take months. Regular follow-up is important, because symptoms can return.

## Looking after yourself as a carer

Supporting someone through Morvan's syndrome can be exhausting, especially when their sleep is badly disrupted.

- Ask the team for a named contact you can call with questions.
- Keep a simple notebook of symptoms, medicines and questions for appointments.
- Accept practical help from friends and family so you can rest.
- Ask your GP about a carer's assessment and local support.
- Talk to someone about how you are feeling; carer organisations and helplines can help.
""",
        "category": "brain-and-nervous-system-health/muscle-and-nerve-conditions",
        "tags": ["morvan's syndrome", "autoimmune conditions", "carers", "rare diseases", "sleep"],
        "conditions": ["morvans-syndrome", "neuromyotonia"],
        "authors": ["priya-raman"],
        "reviewer": "tomasz-kowalczyk",
        "status": "changes_requested",
        "go_live_days": None,
        "reviewed_days_ago": None,
        "featured": False,
        "sources": [
            {
                "title": "Information on autoimmune encephalitis and support for families",
                "url": "https://www.encephalitis.info/",
                "publisher": "Encephalitis International",
                "accessed_days_ago": 15,
            },
            {
                "title": "Rare disease information and patient organisation directory",
                "url": "https://rarediseases.org/",
                "publisher": "National Organization for Rare Disorders",
                "accessed_days_ago": 15,
            },
        ],
    },
    {
        "slug": "muscle-twitches-common-causes",
        "title": "Muscle twitches: common causes and when to worry",
        "summary": "Occasional muscle twitches are extremely common and nearly always harmless. This older "
        "guide covered the usual triggers and the signs that mean a check-up is worthwhile.",
        "body": """## Why muscles twitch

A twitch, or fasciculation, is a small, brief contraction of a group of muscle fibres. You may see a flicker under the skin or feel a faint fluttering. Twitches often affect the eyelid, calf, thigh or thumb, and they can come and go over days or weeks.

Almost everyone has twitches at some point, and in the great majority of cases they are not a sign of anything serious.

## Common, harmless triggers

- tiredness and lack of sleep
- stress and anxiety
- caffeine, including energy drinks
- hard exercise, particularly in the hours afterwards
- alcohol, or stopping after drinking heavily
- some medicines, including certain asthma inhalers and decongestants
- feeling cold

Cutting back on caffeine, getting more sleep and finding ways to manage stress are sensible first steps. Twitches often settle once these are addressed, although they can take a while to fade.

## When twitches keep coming back

Some people have frequent twitches for months, often with aching or cramps, but with normal strength. This may be due to **cramp-fasciculation syndrome**, a harmless condition in which the nerves to the muscles are more excitable than usual. It does not turn into anything more serious, and it can be treated if it is troublesome.

Worrying about twitches is very common, especially after reading about serious conditions online. Anxiety can itself make twitching more noticeable, which can become a cycle. A GP can examine you and explain whether any tests are needed.

## When twitching needs checking

See your GP if twitching:

- goes on for more than a few weeks without improving
- comes with muscle weakness, such as tripping, dropping things or difficulty with buttons
- comes with visible muscle wasting or thinning
- is accompanied by stiffness, cramps that stop you using a limb, or heavy sweating
- comes with numbness, changes in speech or difficulty swallowing

Your GP may check your strength, reflexes and sensation, and arrange blood tests for thyroid function, salts and vitamin levels. If needed, you may be referred to a neurologist for tests such as EMG.

## Looking after yourself

For most people, simple lifestyle changes and reassurance are all that is needed. Try to keep a regular sleep routine, stay active, limit caffeine and alcohol, and give yourself time. If twitching is affecting your mood or sleep, let your GP know, as support is available.
""",
        "category": "brain-and-nervous-system-health",
        "tags": ["muscle twitching", "nerve disorders", "anxiety", "self-care"],
        "conditions": ["cramp-fasciculation-syndrome"],
        "authors": ["priya-raman"],
        "reviewer": "amara-okafor",
        "status": "archived",
        "go_live_days": -800,
        "reviewed_days_ago": 810,
        "featured": False,
        "sources": [
            {
                "title": "Health A to Z: conditions, symptoms and treatments",
                "url": "https://www.nhs.uk/conditions/",
                "publisher": "NHS",
                "accessed_days_ago": 822,
            },
        ],
    },
]

COMMENTS = [
    {
        "article": "neuromyotonia-explained",
        "reader": "reader",
        "text": "I was diagnosed with Isaacs' syndrome two years ago after months of twitching in my calves "
        "and hands that nobody could explain.\n\nCarbamazepine took the edge off the cramps, and a course of "
        "IVIG helped more than I expected. The tip about keeping a symptom diary is spot on. It made my "
        "clinic reviews far more useful.",
        "status": "approved",
    },
    {
        "article": "neuromyotonia-explained",
        "reader": "reader2",
        "text": "My husband has just been diagnosed and his chest scan showed a thymoma. He is having "
        "surgery next month.\nDoes anyone know whether the twitching usually gets better once the thymoma "
        "has been removed, or is it too early to tell?",
        "status": "approved",
    },
    {
        "article": "neuromyotonia-explained",
        "reader": "reader",
        "text": "Thank you for explaining this so clearly. I have printed it out to take to my mum's next "
        "appointment.",
        "status": "approved",
    },
    {
        "article": "neuromyotonia-explained",
        "reader": "reader2",
        "text": "Is it normal for the sweating to be worse at night? I wake up soaked most nights and I am "
        "not sure whether that is part of this or something else.",
        "status": "pending",
    },
    {
        "article": "neuromyotonia-explained",
        "reader": "reader",
        "text": "None of this antibody stuff is real. It's the mercury in old dental fillings that causes "
        "all these nerve problems, and the government covers it up.\nGet your fillings drilled out and stop "
        "taking the tablets.",
        "status": "rejected",
    },
    {
        "article": "living-with-night-time-muscle-cramps",
        "reader": "reader",
        "text": "The tip about loosening the bedding has made a surprising difference for me. I had no idea "
        "my tucked-in sheets were keeping my feet pointed down all night.",
        "status": "approved",
    },
    {
        "article": "living-with-night-time-muscle-cramps",
        "reader": "reader2",
        "text": "CRAMPS GONE IN 24 HOURS!!! Our natural formula works where doctors fail.\nBuy now at "
        "https://cramp-cure-pills.example/offer and get 3 bottles free. Limited stock!",
        "status": "spam",
    },
    {
        "article": "after-nerve-conduction-study-and-emg",
        "reader": "reader",
        "text": "I have my EMG next week and I am quite nervous about the needles. Is it worth taking "
        "paracetamol beforehand, or should I wait until afterwards?",
        "status": "pending",
    },
    {
        "article": "myasthenia-gravis-fatigue-at-work",
        "reader": "reader2",
        "text": "Asking for a later start time was the best thing I did. My eyes are much better once my "
        "second dose has kicked in, so I now do my screen work from 10 until 2.\n\nAccess to Work also paid "
        "for voice software, which has saved my hands.",
        "status": "approved",
    },
]
