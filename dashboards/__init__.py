"""taxben dashboards: the caseworker page (one household) and the analyst page (population results).

Served by ``taxben dashboard`` (``panel serve dashboards/caseworker.py dashboards/analyst.py``). The pages
only call the engine (:mod:`taxben.calc`, :mod:`taxben.run.population_run`); they compute nothing themselves.
"""
